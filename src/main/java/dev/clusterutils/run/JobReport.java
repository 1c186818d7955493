package dev.clusterutils.run;

import dev.clusterutils.results.FailureReason;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.value.PythonRepr;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code show_job N} answers: the job's parameters, state, host, times and last error, from
 * its journal lines (the same for a job that ended long ago as for one running now) and, for a
 * job in flight, its live state.
 */
final class JobReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private JobReport() {
    }

    static String format(long id, List<JournalEvent> events, Job live, ZoneId zone) {
        JournalEvent.JobCreated created = null;
        String handle = null;
        String host = null;
        Long submittedAt = null;
        Long startedAt = null;
        Long endedAt = null;
        String state = live != null ? live.phase.name().toLowerCase() : "created";
        String error = null;
        Map<String, Object> metrics = null;
        int resubmissions = 0;
        for (JournalEvent e : events) {
            if (e instanceof JournalEvent.JobCreated c) {
                created = c;
            } else if (e instanceof JournalEvent.JobSubmitted s) {
                handle = s.handle();
                if (submittedAt == null) {
                    submittedAt = s.time();
                }
            } else if (e instanceof JournalEvent.JobStarted s) {
                host = s.host();
                startedAt = s.time();
            } else if (e instanceof JournalEvent.JobSucceeded s) {
                metrics = s.metrics();
                endedAt = s.time();
                state = "killed_early".equals(s.source()) ? "succeeded (killed early)" : "succeeded";
            } else if (e instanceof JournalEvent.JobFailed f) {
                error = f.reason();
                endedAt = f.time();
                state = "failed";
            } else if (e instanceof JournalEvent.JobResubmitting) {
                resubmissions++;
            } else if (e instanceof JournalEvent.JobNotRun n) {
                endedAt = n.time();
                state = "not run (" + n.reason() + ")";
            }
        }
        if (created == null) {
            return "Job " + id + " has no record in the journal.";
        }
        if (live != null) {
            host = live.hostname != null ? live.hostname : host;
            error = live.error != null ? live.error : error;
            metrics = live.metrics != null ? live.metrics : metrics;
            if (live.handle != null) {
                handle = live.handle.id();
            }
        }
        Map<String, Object> params = new LinkedHashMap<>(created.params());
        Object workingDir = params.remove("working_dir");
        params.remove("id");
        StringBuilder sb = new StringBuilder();
        sb.append("Job ").append(id).append(", iteration ").append(created.iteration()).append(": ").append(state).append('\n');
        line(sb, "parameters", PythonRepr.repr(params));
        line(sb, "host", host == null ? "(not started)" : host);
        line(sb, "backend id", handle == null ? "(not submitted)" : handle);
        StringBuilder times = new StringBuilder("created " + time(created.time(), zone));
        if (submittedAt != null) {
            times.append(", submitted ").append(time(submittedAt, zone));
        }
        if (startedAt != null) {
            times.append(", started ").append(time(startedAt, zone));
        }
        if (endedAt != null) {
            times.append(", ended ").append(time(endedAt, zone));
            long from = startedAt != null ? startedAt : submittedAt != null ? submittedAt : created.time();
            times.append(" (").append(duration(endedAt - from)).append(startedAt != null ? " running" : " after submission").append(')');
        }
        line(sb, "times", times.toString());
        if (resubmissions > 0) {
            line(sb, "resubmitted", resubmissions + " time" + (resubmissions == 1 ? "" : "s") + " (exit for resume)");
        }
        if (live != null && !live.earlyValues.isEmpty()) {
            line(sb, "early values", live.earlyValues.toString());
        }
        if (metrics != null) {
            line(sb, "metrics", PythonRepr.repr(metrics));
        }
        line(sb, "last error", error == null ? "(none)" : FailureReason.summary(error));
        if (workingDir != null) {
            line(sb, "working dir", workingDir.toString());
        }
        return sb.toString().stripTrailing();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append("  ").append(String.format("%-12s", key)).append(": ").append(value).append('\n');
    }

    private static String time(long millis, ZoneId zone) {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    static String duration(long millis) {
        long s = Math.max(0, Math.round(millis / 1000.0));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
