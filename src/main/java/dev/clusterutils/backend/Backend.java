package dev.clusterutils.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Where jobs execute. Implementations are thread-safe: submissions, polls and cancels may come
 * from different threads. Scheduler backends learn about state changes by {@link #poll}; backends
 * that see them directly (local processes) also push them to the status listener, so the run
 * does not wait for the next poll.
 */
public interface Backend extends AutoCloseable {

    /** {@code local}, {@code slurm}, {@code condor} or {@code dryrun}. */
    String kind();

    /** Writes the job's script and hands it to the backend; returns once the backend accepted it. */
    JobHandle submit(JobSpec spec) throws BackendException;

    /**
     * The status of many jobs in one query. A job the backend does not know is {@link JobStatus#UNKNOWN};
     * a failing query throws, and the caller retries later rather than failing jobs.
     */
    Map<JobHandle, JobStatus> poll(Collection<JobHandle> handles) throws BackendException;

    /** Stops a job, queued or running. Cancelling an ended or unknown job does nothing. */
    void cancel(JobHandle handle);

    /**
     * Stops many jobs; scheduler backends do it in as few commands as they can (Ctrl-C on a run
     * with thousands of queued jobs must not take thousands of {@code scancel} calls).
     */
    default void cancelAll(Collection<JobHandle> handles) {
        handles.forEach(this::cancel);
    }

    /**
     * How many jobs {@link #submitBatch} takes in one scheduler submission: 1 means no batching
     * (the run submits job by job); Slurm with job arrays takes up to 1,000.
     */
    default int maxBatchSize() {
        return 1;
    }

    /**
     * Submits several jobs at once, e.g. as one Slurm job array; the handles are in the order of the
     * specs. It either submits all of them or throws. Backends without batching submit one by one.
     */
    default List<JobHandle> submitBatch(List<JobSpec> specs) throws BackendException {
        List<JobHandle> handles = new ArrayList<>(specs.size());
        for (JobSpec spec : specs) {
            handles.add(submit(spec));
        }
        return handles;
    }

    /** How often the run should poll; local backends push changes and poll rarely. */
    Duration pollInterval();

    /** How many jobs the run should keep submitted at once; the rest wait in the run, not in memory. */
    int maxInFlight();

    /** Pushed status changes; backends without push leave this unused. */
    default void setStatusListener(BiConsumer<JobHandle, JobStatus> listener) {
    }

    /** The run is done with this job: drop whatever is kept for answering polls. */
    default void forget(JobHandle handle) {
    }

    /**
     * Resume after a server crash: takes a job of the crashed server back under watch if it is
     * still queued or running. {@code handleId} is what {@link #submit} returned then (from the
     * journal), {@code token} the job's {@code --job-id}. Returns the handle to follow, or null
     * when the job is gone (then the run looks for its results or runs it again).
     */
    default JobHandle adopt(String handleId, long token) {
        return null;
    }

    /**
     * Resume after a server crash between a job's intent (its journal line, written before the
     * backend is asked) and the line with its handle: the job may exist without the journal knowing
     * its handle. A backend that can find it by what the intent holds (the local backend by the
     * {@code token} on its command line, a scheduler by {@code jobName}) returns the handle to
     * follow; null means no such job is queued or running (then the run looks for its results or
     * runs it, and no second copy can be alive).
     */
    default JobHandle adoptUnrecorded(long token, String jobName) {
        return null;
    }

    /** Cancels what is still running and releases resources. */
    @Override
    void close();
}
