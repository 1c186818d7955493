package dev.clusterutils.run;

/** How a run ended, and the process exit code that goes with it. */
public record RunOutcome(Status status, String message, long succeeded, long failed) {
    public enum Status {
        FINISHED(0), STOPPED(0), NO_RESULTS(1), ABORTED(1), INTERRUPTED(130);

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
