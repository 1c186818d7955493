package dev.clusterutils.report;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.results.JsonValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a job timeline from a results directory's journal (exact, and what this tool writes)
 * or from a {@code cluster_run.log}, which also covers runs made by the original Python tool.
 *
 * <p>The log parser recognises the job lines of both tools, including the
 * {@code Job with id N submitted with cluster id C} line that the original's own timeline
 * script stopped recognising (spec 11.2 #26). Other lines, and continuation lines of multi-line
 * messages, are skipped; a log without a single job line is an error.
 */
public final class TimelineReader {
    private static final Pattern LINE = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}[,.]\\d{3}) - cluster_utils - (\\w+) - (.*)$");
    private static final Pattern JOB = Pattern.compile("^Job (?:with id )?(\\d+)\\b(.*)$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private TimelineReader() {
    }

    /** {@code source}: a results directory (its journal, else its cluster_run.log) or a log file. */
    public static TimelineData read(Path source) throws IOException {
        if (Files.isDirectory(source)) {
            RunLayout layout = new RunLayout(source, null, null);
            String name = runName(layout);
            if (Files.exists(layout.journal())) {
                return fromJournal(layout.journal(), name);
            }
            if (Files.exists(layout.log())) {
                return fromLog(layout.log(), name);
            }
            throw new RunResultsReader.NotAResultsDirectory("'" + source + "' holds neither " + layout.journal().getFileName()
                    + " nor " + layout.log().getFileName());
        }
        if (!Files.isRegularFile(source)) {
            throw new RunResultsReader.NotAResultsDirectory("'" + source + "' does not exist");
        }
        Path parent = source.toAbsolutePath().normalize().getParent();
        return fromLog(source, parent == null ? String.valueOf(source.getFileName()) : String.valueOf(parent.getFileName()));
    }

    /** The run's name from its resolved settings, else the directory's name. */
    private static String runName(RunLayout layout) {
        try {
            if (Files.exists(layout.resolvedSettings())) {
                var node = JsonValues.MAPPER.readTree(Files.readString(layout.resolvedSettings()));
                if (node.path("optimization_procedure_name").isTextual()) {
                    return node.path("optimization_procedure_name").asText();
                }
            }
        } catch (IOException e) {
            // the name is a nicety; the directory's name will do
        }
        return String.valueOf(layout.resultsDir().toAbsolutePath().normalize().getFileName());
    }

    static TimelineData fromJournal(Path journal, String name) throws IOException {
        TimelineData.Builder b = new TimelineData.Builder();
        for (JournalEvent e : Journal.read(journal)) {
            if (e instanceof JournalEvent.JobCreated c) {
                b.created(c.id());
            } else if (e instanceof JournalEvent.JobSubmitted s) {
                b.submitted(s.id(), s.time());
            } else if (e instanceof JournalEvent.JobStarted s) {
                b.started(s.id(), s.time());
            } else if (e instanceof JournalEvent.JobSucceeded s) {
                b.ended(s.id(), s.time(), TimelineData.End.SUCCEEDED);
            } else if (e instanceof JournalEvent.JobFailed f) {
                b.ended(f.id(), f.time(), TimelineData.End.FAILED);
            } else if (e instanceof JournalEvent.JobResubmitting r) {
                b.ended(r.id(), r.time(), TimelineData.End.RESUMED);
            } else if (e instanceof JournalEvent.RunEnded r) {
                b.exit(r.time());
            }
        }
        return b.build(name, journal.toString());
    }

    static TimelineData fromLog(Path log, String name) throws IOException {
        TimelineData.Builder b = new TimelineData.Builder();
        int jobLines = 0;
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                long t = millis(m.group(1));
                if (t < 0) {
                    continue;
                }
                String message = m.group(3).strip();
                if (isExit(message)) {
                    b.exit(t);
                    continue;
                }
                Matcher j = JOB.matcher(message);
                if (!j.matches()) {
                    continue;
                }
                long id = Long.parseLong(j.group(1));
                String rest = j.group(2);
                if (rest.startsWith(" submitted")) {
                    b.submitted(id, t);
                } else if (rest.startsWith(" started on hostname")) {
                    b.started(id, t);
                } else if (rest.endsWith("finished successfully.") || rest.startsWith(" loaded final results")) {
                    b.ended(id, t, TimelineData.End.SUCCEEDED);
                } else if (rest.endsWith("exited to be resumed.")) {
                    b.ended(id, t, TimelineData.End.RESUMED);
                } else if (rest.endsWith("Considering job failed.") || rest.endsWith("announced it end but no results were sent.")
                        || rest.contains(" failed with error") || rest.startsWith(" died with error")) {
                    b.ended(id, t, TimelineData.End.FAILED);
                } else {
                    continue;
                }
                jobLines++;
            }
        }
        if (jobLines == 0) {
            throw new IOException("'" + log + "' has no job lines of a cluster_utils log (e.g. 'Job 3 started on hostname g051')");
        }
        return b.build(name, log.toString());
    }

    private static boolean isExit(String message) {
        return message.equals("Exiting now") || message.equals("Procedure successfully finished")
                || message.startsWith("Results are stored in") || message.startsWith("Exiting because no job results")
                || (message.startsWith("Too many (") && message.endsWith("jobs failed. Ending procedure."));
    }

    private static long millis(String stamp) {
        try {
            return LocalDateTime.parse(stamp.replace('.', ','), TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
