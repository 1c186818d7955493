package dev.clusterutils.run;

import java.util.Map;

/**
 * Where new jobs come from: the grid, or an optimizer. The run asks for one job at a time, when
 * the backend has room, and tells the planner how every job ended.
 */
public interface Planner {
    /** Total number of jobs, or -1 when it is not known in advance. */
    long total();

    /** True when no further job will ever be planned. */
    boolean exhausted();

    /**
     * The next job's parameters (nested, without {@code working_dir} and {@code id}) and iteration, or
     * null when none can be planned now (an optimizer waiting for results).
     */
    PlannedJob next(RunView view);

    /** A job ended; metrics is null when it failed. */
    void finished(long jobId, Map<String, Object> params, Map<String, Object> metrics);

    record PlannedJob(Map<String, Object> values, int iteration) { }

    /** What a planner may know about the run to decide how many jobs to plan. */
    interface RunView {
        long created();

        long submitted();

        long completed();

        long succeeded();
    }
}
