package dev.clusterutils.run;

import java.util.List;
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
     * The parameters (nested, without {@code working_dir} and {@code id}) and iteration of the job that
     * will get {@code jobId}, or null when none can be planned now (an optimizer waiting for results).
     */
    PlannedJob next(long jobId, RunView view);

    /**
     * Why these results cannot be used (e.g. the metric to optimise is missing), or null when they
     * can. A job whose results are rejected counts as failed with this reason.
     */
    default String reject(Map<String, Object> metrics) {
        return null;
    }

    /** A job ended; metrics is null when it failed. */
    void finished(long jobId, Map<String, Object> params, Map<String, Object> metrics);

    /** A job stopped early by {@code kill_bad_jobs_early}; {@code metrics} holds only its last intermediate value. */
    default void killed(long jobId, Map<String, Object> params, Map<String, Object> metrics) {
        finished(jobId, params, metrics);
    }

    /**
     * Resume: a job the journal holds, in id order. {@code finished} says whether it ended
     * ({@code metrics} null when it failed); an unfinished one will run (again) or is re-adopted.
     */
    void restore(long jobId, Map<String, Object> params, Map<String, Object> metrics, boolean finished);

    /** The best value of the metric to optimise so far, NaN when there is none (grid search). */
    default double best() {
        return Double.NaN;
    }

    /**
     * What the planner needs from its stages now that the run has {@code room} free slots: the
     * optimizer stage's asks and tells. A grid needs nothing.
     */
    default List<Action> requests(int room) {
        return List.of();
    }

    /** Only what the planner has to tell (the run is ending: no more asks). */
    default List<Action> tells() {
        return List.of();
    }

    /** The optimizer stage answered an ask. */
    default void asked(RunEvent.Asked asked) {
    }

    /** The optimizer stage answered a tell. */
    default void told(RunEvent.Told told) {
    }

    /**
     * Tells sent that the optimizer stage has not answered yet. A run that has nothing left to do
     * waits for them before it finishes, so its completion comes after the optimizer heard every
     * result, and a last tell that fails still ends the run as the stage's error contract says.
     */
    default boolean tellsInFlight() {
        return false;
    }

    /** Jobs on the Pareto front of a multi-objective run so far; -1 for other runs. */
    default int frontSize() {
        return -1;
    }

    /** The hypervolume of that front (default reference, see ParetoArchive); NaN for other runs. */
    default double hypervolume() {
        return Double.NaN;
    }

    record PlannedJob(Map<String, Object> values, int iteration) { }

    /** What a planner may know about the run to decide how many jobs to plan. */
    interface RunView {
        long created();

        long submitted();

        long completed();

        long succeeded();
    }
}
