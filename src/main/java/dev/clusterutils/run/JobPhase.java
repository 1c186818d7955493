package dev.clusterutils.run;

/** A job's state, with the original's integer codes (they appear in logs and the job timeline). */
public enum JobPhase {
    INITIAL_STATUS(-1), SUBMITTED(0), RUNNING(1), FAILED(2), SENT_RESULTS(3), CONCLUDED(4), CONCLUDED_WITHOUT_RESULTS(5);

    private final int code;

    JobPhase(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isTerminal() {
        return this == FAILED || this == CONCLUDED;
    }
}
