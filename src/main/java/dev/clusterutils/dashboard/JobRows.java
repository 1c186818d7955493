package dev.clusterutils.dashboard;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.FailureReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A run's jobs as rows: filtered by state, sorted, paged; one job opened with the tails of its output. */
final class JobRows {
    static final int ERROR_TAIL_LINES = 20;
    static final int FILE_TAIL_LINES = 40;

    /** How a page is asked for: {@code states} empty means all; {@code limit} negative means every match. */
    record Query(Set<JobState> states, String sort, boolean descending, long offset, int limit) {
        static Query all() {
            return new Query(Set.of(), "id", false, 0, -1);
        }
    }

    private JobRows() {
    }

    static JobPage page(String key, RunTracker.Snapshot s, String metric, String backend, Query q, long now) {
        Set<JobState> wanted = q.states().isEmpty() ? EnumSet.allOf(JobState.class) : EnumSet.copyOf(q.states());
        List<JobTrack> matching = new ArrayList<>();
        s.forEachJob(j -> {
            if (wanted.contains(j.state)) {
                matching.add(j);
            }
        });
        String sort = q.sort() == null ? "id" : q.sort();
        Comparator<JobTrack> c = switch (sort) {
            case "value" -> Comparator.comparingDouble((JobTrack j) -> {
                double v = j.value(metric);
                return Double.isNaN(v) ? (q.descending() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : v;
            });
            case "seconds" -> Comparator.comparingDouble((JobTrack j) -> seconds(j, now));
            case "ended" -> Comparator.comparingLong((JobTrack j) -> j.endedAt < 0 ? Long.MAX_VALUE : j.endedAt);
            case "state" -> Comparator.comparing((JobTrack j) -> j.state);
            default -> Comparator.comparingLong((JobTrack j) -> j.id);
        };
        c = c.thenComparingLong(j -> j.id);
        if (q.descending()) {
            c = c.reversed();
        }
        matching.sort(c);
        long from = Math.max(0, Math.min(q.offset(), matching.size()));
        long to = q.limit() < 0 ? matching.size() : Math.min(matching.size(), from + q.limit());
        List<JobRow> rows = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            rows.add(row(s, matching.get((int) i), metric, backend, now));
        }
        List<String> states = wanted.stream().map(JobState::label).toList();
        return new JobPage(key, states, sort, q.descending(), matching.size(), from, q.limit(), rows);
    }

    static JobDetail detail(String key, RunTracker.Snapshot s, long id, String metric, String backend, long now) {
        JobTrack j = s.job(id);
        if (j == null) {
            return null;
        }
        JobRow row = row(s, j, metric, backend, now);
        return new JobDetail(key, row, List.copyOf(j.early), tail(row.logs().stdout()), tail(row.logs().stderr()));
    }

    static JobRow row(RunTracker.Snapshot s, JobTrack j, String metric, String backend, long now) {
        double v = j.value(metric);
        double secs = seconds(j, now);
        return new JobRow(j.id, j.iteration, j.state.label(), j.params, j.metrics, Double.isNaN(v) ? null : v, j.host, j.handle,
                time(j.createdAt), time(j.submittedAt), time(j.startedAt), time(j.endedAt), Double.isNaN(secs) ? null : secs,
                j.resubmissions, j.early.size(), j.state == JobState.FAILED ? FailureReason.summary(j.failure) : null,
                errorTail(j.failure), logs(s, j, backend));
    }

    private static Long time(long t) {
        return t < 0 ? null : t;
    }

    private static double seconds(JobTrack j, long now) {
        long from = j.startedAt >= 0 ? j.startedAt : j.submittedAt;
        if (from < 0) {
            return Double.NaN;
        }
        long to = j.endedAt >= 0 ? j.endedAt : j.state.ended() ? from : now;
        return Math.max(0, (to - from) / 1000.0);
    }

    static List<String> errorTail(String reason) {
        if (reason == null || reason.isBlank()) {
            return List.of();
        }
        List<String> lines = Arrays.asList(reason.stripTrailing().split("\r?\n"));
        return List.copyOf(lines.subList(Math.max(0, lines.size() - ERROR_TAIL_LINES), lines.size()));
    }

    /** The job's files by the run's own naming ({@link RunLayout}); the backend decides which names a job gets. */
    static JobLogs logs(RunTracker.Snapshot s, JobTrack j, String backend) {
        String workingDir = j.workingDir != null ? j.workingDir : s.layout().workingDir(j.id).toString();
        if (s.jobsDir() == null) {
            return new JobLogs(workingDir, null, null, null);
        }
        RunLayout layout = new RunLayout(s.resultsDir(), Path.of(s.jobsDir()), null);
        String kind = backend;
        if (kind == null) {
            // an old run that never wrote its backend: the local name when that file is there
            kind = Files.exists(layout.runScript("local", j.iteration, j.id)) ? "local" : "slurm";
        }
        Path script = layout.runScript(kind, j.iteration, j.id);
        return new JobLogs(workingDir, script.toString(), layout.stdout(kind, script).toString(), layout.stderr(kind, script).toString());
    }

    static List<String> tail(String file) {
        return file == null ? List.of() : Tails.lines(Path.of(file), FILE_TAIL_LINES);
    }
}
