package dev.clusterutils.backend.scheduler;

import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobStatus;
import java.util.List;
import java.util.Map;

/**
 * One batched status command of a dialect ({@code squeue}, {@code sacct}, {@code condor_q},
 * {@code condor_history}). A dialect lists its queries in order; each one is asked only about
 * the jobs the earlier ones could not settle, so a poll of thousands of running jobs costs one
 * command, and the second command runs only for jobs that left the queue.
 */
public interface StatusQuery {

    /** Whether to ask this query about a job, given what the earlier queries said (null: nothing). */
    boolean wants(JobStatus earlier);

    /** The command for all these jobs at once. */
    List<String> argv(List<JobHandle> handles);

    /**
     * Reads the command's result. Jobs missing from {@code statuses} keep what the earlier queries
     * said. A result that does not allow any conclusion (controller down, timeout) throws: the run
     * then keeps its jobs as they are and asks again later.
     */
    Parsed parse(List<JobHandle> handles, CommandResult result) throws BackendException;

    /** {@code askAgain}: the query switched to another form (e.g. {@code sacct -c}); run it once more. */
    record Parsed(Map<JobHandle, JobStatus> statuses, boolean askAgain) {
        public static Parsed of(Map<JobHandle, JobStatus> statuses) {
            return new Parsed(statuses, false);
        }

        public static Parsed again() {
            return new Parsed(Map.of(), true);
        }
    }
}
