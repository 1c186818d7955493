package dev.clusterutils.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One job as replayed from the journal so far; owned by its {@link RunTracker}, read and written under its lock. */
final class JobTrack {
    final long id;
    final int iteration;
    /** Flattened parameters (dotted names), without {@code id} and {@code working_dir}. */
    final Map<String, Object> params;
    final String workingDir;
    final long createdAt;
    long submittedAt = -1;
    long startedAt = -1;
    long endedAt = -1;
    String host;
    String handle;
    JobState state = JobState.CREATED;
    Map<String, Object> metrics = Map.of();
    String failure;
    String source;
    int resubmissions;
    /** The numeric values of each early report, in order. */
    List<Map<String, Double>> early = List.of();
    /** Order among the successes (1, 2, ...), 0 while not succeeded. */
    long successIndex;

    JobTrack(long id, int iteration, Map<String, Object> params, String workingDir, long createdAt) {
        this.id = id;
        this.iteration = iteration;
        this.params = params;
        this.workingDir = workingDir;
        this.createdAt = createdAt;
    }

    void early(Map<String, Double> values) {
        if (early.isEmpty()) {
            early = new ArrayList<>(4);
        }
        early.add(values);
    }

    /** The metric's value when the job succeeded with it as a number, else NaN. */
    double value(String metric) {
        if (metric == null || state != JobState.SUCCEEDED) {
            return Double.NaN;
        }
        Object v = metrics.get(metric);
        return v instanceof Number n && !(v instanceof Boolean) ? n.doubleValue() : Double.NaN;
    }
}
