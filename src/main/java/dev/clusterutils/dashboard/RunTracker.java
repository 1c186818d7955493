package dev.clusterutils.dashboard;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.results.JsonValues;
import dev.clusterutils.settings.Objectives;
import dev.clusterutils.value.NestedMaps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Follows one results directory's journal by the byte: each {@link #refresh} reads only the lines
 * appended since the last one, so a page polling a run of 10,000 jobs every second costs the new
 * events, not the whole journal. The run flushes its journal before it acts, so what is read here
 * is what the run has done. Every job is kept (a few hundred bytes each); a journal that shrank
 * (the results directory was started afresh) is read again from the start.
 */
public final class RunTracker {
    private static final int CHUNK = 1 << 16;

    private final Path resultsDir;
    private final RunLayout layout;
    private long offset;
    private long events;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<JobTrack> jobs = new ArrayList<>();
    private final EnumMap<JobState, Long> counts = new EnumMap<>(JobState.class);
    private long successes;

    private String runType;
    private long firstEventAt = -1;
    private long lastEventAt = -1;
    private long startedAt = -1;
    private String endStatus;
    private String endMessage;
    private long endedAt = -1;
    private String jobsDir;
    private String name;
    private String metric;
    private Boolean minimize;
    private Objectives objectives;
    private boolean settingsRead;
    private String backend;

    public RunTracker(Path resultsDir) {
        this.resultsDir = resultsDir.toAbsolutePath().normalize();
        this.layout = new RunLayout(this.resultsDir, null, null);
        reset();
    }

    public Path resultsDir() {
        return resultsDir;
    }

    private void reset() {
        offset = 0;
        events = 0;
        partial.reset();
        jobs.clear();
        for (JobState s : JobState.values()) {
            counts.put(s, 0L);
        }
        successes = 0;
        runType = null;
        firstEventAt = lastEventAt = startedAt = endedAt = -1;
        endStatus = endMessage = jobsDir = null;
    }

    /** Reads what the journal gained since the last call; true when anything did. */
    public synchronized boolean refresh() throws IOException {
        if (!settingsRead) {
            readSettings();
        }
        Path file = layout.journal();
        if (!Files.exists(file)) {
            boolean had = offset > 0;
            reset();
            return had;
        }
        long size = Files.size(file);
        if (size < offset + partial.size()) {
            reset();
            settingsRead = false;
            readSettings();
        }
        if (size == offset + partial.size()) {
            return false;
        }
        long before = events;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(offset + partial.size());
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            int n;
            while ((n = ch.read(buf)) > 0) {
                buf.flip();
                consume(buf.array(), n);
                buf.clear();
            }
        }
        return events != before;
    }

    /** Splits the bytes into lines; a last line without its newline waits for the next read. */
    private void consume(byte[] bytes, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (bytes[i] == '\n') {
                String line;
                int length = partial.size() + (i - start);
                if (partial.size() > 0) {
                    partial.write(bytes, start, i - start);
                    line = partial.toString(StandardCharsets.UTF_8);
                    partial.reset();
                } else {
                    line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                }
                offset += length + 1;
                JournalEvent e = Journal.parse(line);
                if (e != null) {
                    on(e);
                    events++;
                }
                start = i + 1;
            }
        }
        partial.write(bytes, start, n - start);
    }

    private void readSettings() {
        settingsRead = true;
        try {
            if (Files.exists(layout.resolvedSettings())) {
                Map<String, Object> s = JsonValues.mapFromJson(JsonValues.MAPPER.readTree(Files.readString(layout.resolvedSettings())));
                if (s.get("optimization_procedure_name") instanceof String n) {
                    name = n;
                }
                objectives = Objectives.fromTree(s);
                if (objectives != null) {
                    metric = objectives.name(0);
                    minimize = objectives.minimizes(0);
                }
            }
            if (Files.exists(layout.metadata())) {
                Map<String, Object> m = JsonValues.mapFromJson(JsonValues.MAPPER.readTree(Files.readString(layout.metadata())));
                if (m.get("backend") instanceof String b) {
                    backend = b;
                }
            }
        } catch (IOException | RuntimeException e) {
            // names and the objective are niceties: the journal alone still makes a page
        }
    }

    private void count(JobState from, JobState to) {
        if (from != null) {
            counts.merge(from, -1L, Long::sum);
        }
        if (to != null) {
            counts.merge(to, 1L, Long::sum);
        }
    }

    private JobTrack job(long id) {
        return id >= 0 && id < jobs.size() ? jobs.get((int) id) : null;
    }

    private void move(JobTrack j, JobState to) {
        if (j.state != to) {
            count(j.state, to);
            j.state = to;
        }
    }

    private void on(JournalEvent e) {
        if (firstEventAt < 0) {
            firstEventAt = e.time();
        }
        lastEventAt = Math.max(lastEventAt, e.time());
        if (e instanceof JournalEvent.RunStarted s) {
            runType = s.runType();
            jobsDir = s.jobsDir();
            if (startedAt < 0) {
                startedAt = s.time();
            }
            endStatus = null; // a resumed run goes on
            endMessage = null;
            endedAt = -1;
        } else if (e instanceof JournalEvent.JobCreated c) {
            Map<String, Object> params = new LinkedHashMap<>(NestedMaps.flatten(c.params()));
            Object wd = params.remove("working_dir");
            params.remove("id");
            JobTrack j = new JobTrack(c.id(), c.iteration(), params, wd == null ? null : wd.toString(), c.time());
            if (c.id() < 0 || c.id() > Integer.MAX_VALUE - 8) {
                return;
            }
            while (jobs.size() <= c.id()) {
                jobs.add(null);
            }
            JobTrack old = jobs.get((int) c.id());
            if (old != null) {
                count(old.state, null); // a resumed run redoes the job
            }
            jobs.set((int) c.id(), j);
            count(null, JobState.CREATED);
        } else if (e instanceof JournalEvent.JobSubmitted s) {
            JobTrack j = job(s.id());
            if (j != null) {
                j.handle = s.handle();
                if (j.submittedAt < 0) {
                    j.submittedAt = s.time();
                }
                if (!j.state.ended()) {
                    move(j, JobState.SUBMITTED);
                }
            }
        } else if (e instanceof JournalEvent.JobStarted s) {
            JobTrack j = job(s.id());
            if (j != null) {
                j.host = s.host();
                j.startedAt = s.time();
                if (!j.state.ended()) {
                    move(j, JobState.RUNNING);
                }
            }
        } else if (e instanceof JournalEvent.JobSucceeded s) {
            JobTrack j = job(s.id());
            if (j != null) {
                j.metrics = s.metrics() == null ? Map.of() : s.metrics();
                j.source = s.source();
                j.failure = null;
                j.endedAt = s.time();
                if (j.state != JobState.SUCCEEDED) {
                    j.successIndex = ++successes;
                }
                move(j, JobState.SUCCEEDED);
            }
        } else if (e instanceof JournalEvent.JobFailed f) {
            JobTrack j = job(f.id());
            if (j != null && j.state != JobState.SUCCEEDED) {
                j.failure = f.reason();
                j.endedAt = f.time();
                move(j, JobState.FAILED);
            }
        } else if (e instanceof JournalEvent.JobEarlyReport r) {
            JobTrack j = job(r.id());
            if (j != null) {
                Map<String, Double> values = new LinkedHashMap<>();
                r.metrics().forEach((k, v) -> {
                    if (v instanceof Number n && !(v instanceof Boolean)) {
                        values.put(k, n.doubleValue());
                    }
                });
                j.early(values);
            }
        } else if (e instanceof JournalEvent.JobResubmitting r) {
            JobTrack j = job(r.id());
            if (j != null) {
                j.resubmissions++;
                if (!j.state.ended()) {
                    move(j, JobState.SUBMITTED);
                }
            }
        } else if (e instanceof JournalEvent.JobNotRun n) {
            JobTrack j = job(n.id());
            if (j != null) {
                j.failure = n.reason();
                j.endedAt = n.time();
                move(j, JobState.NOT_RUN);
            }
        } else if (e instanceof JournalEvent.RunEnded r) {
            endStatus = r.status();
            endMessage = r.message();
            endedAt = r.time();
            settingsRead = false; // metadata.json now names the backend
        }
    }

    /** Reads the tracker's state under its lock (the views are built there, consistent with one refresh). */
    public synchronized <T> T read(Function<Snapshot, T> view) {
        return view.apply(new Snapshot());
    }

    /** The tracker's state as seen by a view; valid only inside {@link #read}. */
    public final class Snapshot {
        private Snapshot() {
        }

        public Path resultsDir() {
            return resultsDir;
        }

        public RunLayout layout() {
            return layout;
        }

        /** Journal events read so far: changes whenever the run does (the page's cue to fetch again). */
        public long version() {
            return events;
        }

        public String name() {
            return name != null ? name : String.valueOf(resultsDir.getFileName());
        }

        public String runType() {
            return runType;
        }

        public String metric() {
            return metric;
        }

        public Boolean minimize() {
            return minimize;
        }

        /** The optimised metrics; null without (grid search), one for a classic run. */
        public Objectives objectives() {
            return objectives;
        }

        public String backend() {
            return backend;
        }

        public String jobsDir() {
            return jobsDir;
        }

        public long firstEventAt() {
            return firstEventAt;
        }

        public long lastEventAt() {
            return lastEventAt;
        }

        public long startedAt() {
            return startedAt;
        }

        public long endedAt() {
            return endedAt;
        }

        public String endStatus() {
            return endStatus;
        }

        public String endMessage() {
            return endMessage;
        }

        public long count(JobState s) {
            return counts.get(s);
        }

        public long jobCount() {
            long n = 0;
            for (long c : counts.values()) {
                n += c;
            }
            return n;
        }

        List<JobTrack> jobs() {
            return jobs;
        }

        void forEachJob(Consumer<JobTrack> each) {
            for (JobTrack j : jobs) {
                if (j != null) {
                    each.accept(j);
                }
            }
        }

        JobTrack job(long id) {
            return RunTracker.this.job(id);
        }
    }
}
