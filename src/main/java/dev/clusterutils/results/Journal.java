package dev.clusterutils.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The run's append-only event log ({@code journal.jsonl}). The lines of one event batch are
 * flushed together before the run acts on them (before a job is submitted or a result is counted),
 * so a killed server never acted on something the journal lacks; a last line cut by the kill is
 * skipped on replay.
 */
public final class Journal implements AutoCloseable {
    private final Path file;
    private final BufferedWriter out;

    private Journal(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    public static Journal open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        boolean cutLine = Files.exists(file) && Files.size(file) > 0 && lastByte(file) != '\n';
        if (!Files.exists(file)) {
            // it holds every job's token: only the run's owner may read it
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (cutLine) {
            w.write('\n'); // terminate a line cut by a crash so the next event starts cleanly
        }
        return new Journal(file, w);
    }

    private static int lastByte(Path file) throws IOException {
        try (var ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, ch.size() - 1);
            return b.get(0);
        }
    }

    public Path file() {
        return file;
    }

    /** Buffers one event; {@link #flush} hands the batch to the OS (the run does so before it acts). */
    public void append(JournalEvent event) {
        try {
            out.write(JsonValues.MAPPER.writeValueAsString(encode(event)));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
    }

    static ObjectNode encode(JournalEvent event) {
        ObjectNode o = JsonValues.MAPPER.createObjectNode();
        o.put("t", event.time());
        if (event instanceof JournalEvent.RunStarted e) {
            o.put("e", "run_started").put("run_type", e.runType()).put("jobs_dir", e.jobsDir())
                    .put("project_dir", e.projectDir()).put("seed", e.seed()).put("version", e.version());
        } else if (event instanceof JournalEvent.Listening e) {
            o.put("e", "listening").put("address", e.address());
        } else if (event instanceof JournalEvent.JobCreated e) {
            o.put("e", "job_created").put("id", e.id()).put("token", e.token()).put("iteration", e.iteration());
            o.set("params", JsonValues.toJson(e.params()));
        } else if (event instanceof JournalEvent.JobSubmitted e) {
            o.put("e", "job_submitted").put("id", e.id()).put("handle", e.handle());
        } else if (event instanceof JournalEvent.JobStarted e) {
            o.put("e", "job_started").put("id", e.id()).put("host", e.host());
        } else if (event instanceof JournalEvent.JobSucceeded e) {
            o.put("e", "job_succeeded").put("id", e.id()).put("source", e.source());
            o.set("metrics", JsonValues.toJson(e.metrics()));
        } else if (event instanceof JournalEvent.JobEarlyReport e) {
            o.put("e", "job_early_report").put("id", e.id());
            o.set("metrics", JsonValues.toJson(e.metrics()));
        } else if (event instanceof JournalEvent.JobFailed e) {
            o.put("e", "job_failed").put("id", e.id()).put("reason", e.reason());
        } else if (event instanceof JournalEvent.JobResubmitting e) {
            o.put("e", "job_resubmitting").put("id", e.id());
        } else if (event instanceof JournalEvent.RunResumed e) {
            o.put("e", "run_resumed").put("succeeded", e.succeeded()).put("failed", e.failed()).put("unfinished", e.unfinished());
        } else if (event instanceof JournalEvent.JobNotRun e) {
            o.put("e", "job_not_run").put("id", e.id()).put("reason", e.reason());
        } else if (event instanceof JournalEvent.RunEnded e) {
            o.put("e", "run_ended").put("status", e.status()).put("message", e.message());
        }
        return o;
    }

    static JournalEvent decode(JsonNode o) {
        long t = o.path("t").asLong();
        return switch (o.path("e").asText()) {
            case "run_started" -> new JournalEvent.RunStarted(t, o.path("run_type").asText(), o.path("jobs_dir").asText(),
                    o.path("project_dir").isNull() ? null : o.path("project_dir").asText(null), o.path("seed").asLong(),
                    o.path("version").asText());
            case "listening" -> new JournalEvent.Listening(t, o.path("address").asText());
            case "job_created" -> new JournalEvent.JobCreated(t, o.path("id").asLong(), o.path("token").asLong(),
                    o.path("iteration").asInt(), JsonValues.mapFromJson(o.get("params")));
            case "job_submitted" -> new JournalEvent.JobSubmitted(t, o.path("id").asLong(), o.path("handle").asText());
            case "job_started" -> new JournalEvent.JobStarted(t, o.path("id").asLong(), o.path("host").asText());
            case "job_succeeded" -> new JournalEvent.JobSucceeded(t, o.path("id").asLong(),
                    JsonValues.mapFromJson(o.get("metrics")), o.path("source").asText());
            case "job_early_report" -> new JournalEvent.JobEarlyReport(t, o.path("id").asLong(),
                    JsonValues.mapFromJson(o.get("metrics")));
            case "job_failed" -> new JournalEvent.JobFailed(t, o.path("id").asLong(), o.path("reason").asText());
            case "job_resubmitting" -> new JournalEvent.JobResubmitting(t, o.path("id").asLong());
            case "run_resumed" -> new JournalEvent.RunResumed(t, o.path("succeeded").asLong(), o.path("failed").asLong(),
                    o.path("unfinished").asLong());
            case "job_not_run" -> new JournalEvent.JobNotRun(t, o.path("id").asLong(), o.path("reason").asText());
            case "run_ended" -> new JournalEvent.RunEnded(t, o.path("status").asText(), o.path("message").asText());
            default -> null;
        };
    }

    /**
     * One journal line as an event, or null when it is blank, cut by a crash or of a kind this
     * version does not know: for readers that follow a live journal by the byte (the dashboard).
     */
    public static JournalEvent parse(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        try {
            return decode(JsonValues.MAPPER.readTree(line));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads every complete, well-formed line; a line cut by a crash or unknown to this version is skipped. */
    public static List<JournalEvent> read(Path file) throws IOException {
        List<JournalEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JournalEvent e = decode(JsonValues.MAPPER.readTree(line));
                    if (e != null) {
                        events.add(e);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // a half-written line from a crash
                }
            }
        }
        return events;
    }

    /**
     * The events of one job, in order, read line by line (a journal of a million jobs is not held
     * in memory): what {@code show_job} tells about a job that has ended.
     */
    public static List<JournalEvent> readJob(Path file, long id) throws IOException {
        List<JournalEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        String key = "\"id\":" + id;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                int at = line.indexOf(key);
                if (at < 0 || at + key.length() >= line.length() || Character.isDigit(line.charAt(at + key.length()))) {
                    continue;
                }
                try {
                    JournalEvent e = decode(JsonValues.MAPPER.readTree(line));
                    if (e != null && jobId(e) == id) {
                        events.add(e);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // a half-written line from a crash
                }
            }
        }
        return events;
    }

    /**
     * Hands the events of the kinds named ({@code job_failed}, ...) to {@code each}, line by line:
     * other lines are not decoded, and nothing is held in memory (a journal of a million jobs).
     */
    public static void scan(Path file, Set<String> kinds, Consumer<JournalEvent> each) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                int at = line.indexOf("\"e\":\"");
                if (at < 0) {
                    continue;
                }
                int end = line.indexOf('"', at + 5);
                if (end < 0 || !kinds.contains(line.substring(at + 5, end))) {
                    continue;
                }
                try {
                    JournalEvent e = decode(JsonValues.MAPPER.readTree(line));
                    if (e != null) {
                        each.accept(e);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // a half-written line from a crash
                }
            }
        }
    }

    /** The job an event is about, or -1 for run events. */
    public static long jobId(JournalEvent e) {
        if (e instanceof JournalEvent.JobCreated c) {
            return c.id();
        } else if (e instanceof JournalEvent.JobSubmitted c) {
            return c.id();
        } else if (e instanceof JournalEvent.JobStarted c) {
            return c.id();
        } else if (e instanceof JournalEvent.JobSucceeded c) {
            return c.id();
        } else if (e instanceof JournalEvent.JobFailed c) {
            return c.id();
        } else if (e instanceof JournalEvent.JobEarlyReport c) {
            return c.id();
        } else if (e instanceof JournalEvent.JobResubmitting c) {
            return c.id();
        } else if (e instanceof JournalEvent.JobNotRun c) {
            return c.id();
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
