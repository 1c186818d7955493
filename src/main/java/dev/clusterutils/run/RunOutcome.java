package dev.clusterutils.run;

/** How a run ended, and the process exit code that goes with it. */
public record RunOutcome(Status status, String message, long succeeded, long failed) {
    public enum Status {
        FINISHED(0), STOPPED(0), NO_RESULTS(1), ABORTED(1), INTERRUPTED(130),
        /** The run ended before any job: its code could not be checked out (bad git_params, a failing checkout route). */
        NOT_STARTED(2);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public int exitCode() {
        return status.exitCode();
    }
}
