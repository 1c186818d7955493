package dev.clusterutils.dashboard;

import java.util.List;
import java.util.Map;

/**
 * One job in {@code GET /api/runs/{name}/jobs}. Times are epoch milliseconds (null until they happen).
 *
 * @param value     the run's chart metric when the job succeeded with it
 * @param seconds   running time (from the start, else from the submission) until the end or now
 * @param error     the failure's one-line summary (a traceback's exception line), null unless failed
 * @param errorTail the failure reason's last lines (traceback, or the tail of stderr the run kept)
 */
public record JobRow(
        long id,
        int iteration,
        String state,
        Map<String, Object> params,
        Map<String, Object> metrics,
        Double value,
        String host,
        String backendId,
        Long createdAt,
        Long submittedAt,
        Long startedAt,
        Long endedAt,
        Double seconds,
        int resubmissions,
        int earlyReports,
        String error,
        List<String> errorTail,
        JobLogs logs) {
}
