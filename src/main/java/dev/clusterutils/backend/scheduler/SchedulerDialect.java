package dev.clusterutils.backend.scheduler;

import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * What makes Slurm Slurm and HTCondor HTCondor: small functions from job specs to files and
 * argv, and from command output to job ids and statuses. They run no commands themselves;
 * {@link SchedulerBackend} runs them, with timeouts, retries and back-off, for every dialect alike.
 */
public interface SchedulerDialect {

    /** {@code slurm} or {@code condor}: the backend kind and the {@link JobHandle#backend()}. */
    String kind();

    /** The files to write before submitting this job; an empty list reuses what is on disk (a Slurm resubmission). */
    List<SubmissionFile> render(JobSpec spec);

    /** The submit command for one job; it runs in the job's jobs dir. */
    List<String> submitArgv(JobSpec spec);

    /** The scheduler's id of the job just submitted, from the submit command's output. */
    String parseJobId(CommandResult result) throws BackendException;

    /** Whether a failed submit command is worth trying again (the controller was busy) or not (a bad option). */
    boolean isTransientFailure(CommandResult failed);

    /** The status commands, in the order they are asked. */
    List<StatusQuery> statusQueries();

    /** Cancel commands for these jobs: as few as possible, more than one only if a command line would get too long. */
    List<List<String>> cancelCommands(Collection<JobHandle> handles);

    /**
     * Adds what only the job's own files know (the resume marker, the exit code in the
     * {@code .FAILED} marker, the last lines of the error output) to a status from the queries.
     */
    default JobStatus refine(JobHandle handle, JobStatus status, JobSpec spec) {
        return status;
    }

    /** Whether a job reported as ended in this status still sits in the queue and must be removed (a held Condor job). */
    default boolean lingers(JobStatus status) {
        return false;
    }

    /** The backend no longer asks about this job: drop whatever was kept to answer for it. */
    default void forget(JobHandle handle) {
    }

    /**
     * The command that lists this user's queued or running jobs named {@code jobName}
     * ({@code <run name>_<id>}), for a resume that knows a job's intent but not its id; null when
     * the dialect cannot search by name.
     */
    default List<String> findByNameArgv(String jobName) {
        return null;
    }

    /** The id of a live job named {@code jobName} in the answer of {@link #findByNameArgv}, or null; a failed command throws. */
    default String parseFoundByName(String jobName, CommandResult result) throws BackendException {
        return null;
    }

    /** Jobs per batch submission (a Slurm job array); 1 means the dialect cannot batch. */
    default int maxBatchSize() {
        return 1;
    }

    /** The files and the single submit command of a batch; {@code batchIndex} counts the run's batches from 0. */
    default Batch renderBatch(List<JobSpec> specs, int batchIndex) {
        throw new UnsupportedOperationException(kind() + " cannot submit batches");
    }

    /** The ids of a batch's jobs, in the order of its specs, from the id the submit command printed. */
    default List<String> batchJobIds(String batchId, int count) {
        throw new UnsupportedOperationException(kind() + " cannot submit batches");
    }

    record Batch(List<SubmissionFile> files, List<String> submitArgv, Path workDir) {
    }
}
