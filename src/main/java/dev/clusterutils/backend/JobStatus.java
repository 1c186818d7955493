package dev.clusterutils.backend;

/**
 * What a backend says about one job. {@code exitCode} is set for ended jobs when the backend
 * knows it; {@code reason} says why a job ended abnormally (TIMEOUT, OUT_OF_MEMORY, a signal ...).
 */
public record JobStatus(Phase phase, Integer exitCode, String reason) {

    public enum Phase {
        /** waiting for a slot or in the scheduler's queue */
        QUEUED,
        RUNNING,
        /** ended by itself; see the exit code */
        ENDED,
        /** ended by the scheduler or by a cancel */
        KILLED,
        /** the backend does not (or no longer) know the job */
        UNKNOWN,
        /**
         * the backend wrote the job's files but does not run jobs ({@code dryrun}): the job has ended
         * without running, which is neither a success nor a failure
         */
        NOT_RUN
    }

    public static final JobStatus QUEUED = new JobStatus(Phase.QUEUED, null, null);
    public static final JobStatus RUNNING = new JobStatus(Phase.RUNNING, null, null);
    public static final JobStatus UNKNOWN = new JobStatus(Phase.UNKNOWN, null, null);

    public static JobStatus ended(int exitCode) {
        return new JobStatus(Phase.ENDED, exitCode, null);
    }

    public static JobStatus killed(String reason) {
        return new JobStatus(Phase.KILLED, null, reason);
    }

    public static JobStatus notRun(String reason) {
        return new JobStatus(Phase.NOT_RUN, null, reason);
    }

    public boolean isTerminal() {
        return phase == Phase.ENDED || phase == Phase.KILLED || phase == Phase.NOT_RUN;
    }
}
