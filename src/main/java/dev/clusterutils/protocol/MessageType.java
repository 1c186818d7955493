package dev.clusterutils.protocol;

/**
 * The members of the client's {@code cluster_utils.base.communication.MessageTypes} IntEnum.
 * The int values are the wire contract: the value form of the enum pickle carries them, and the
 * name form carries the names, so both must stay exactly as the Python client spells them.
 */
public enum MessageType {
    JOB_STARTED(0),
    ERROR_ENCOUNTERED(1),
    JOB_SENT_RESULTS(2),
    JOB_CONCLUDED(3),
    EXIT_FOR_RESUME(4),
    JOB_PROGRESS_PERCENTAGE(5),
    METRIC_EARLY_REPORT(6);

    private static final MessageType[] BY_VALUE = values();

    private final int value;

    MessageType(int value) {
        this.value = value;
    }

    /** The IntEnum value sent on the wire. */
    public int value() {
        return value;
    }

    /** The member with that IntEnum value, or {@code null} if the client has no such member. */
    public static MessageType fromValue(long value) {
        return value >= 0 && value < BY_VALUE.length ? BY_VALUE[(int) value] : null;
    }

    /** The member with that Python name, or {@code null}. */
    public static MessageType fromName(String name) {
        for (MessageType t : BY_VALUE) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The wire type of a decoded message. */
    public static MessageType of(JobMessage message) {
        if (message instanceof JobMessage.JobStarted) {
            return JOB_STARTED;
        } else if (message instanceof JobMessage.ErrorEncountered) {
            return ERROR_ENCOUNTERED;
        } else if (message instanceof JobMessage.SentResults) {
            return JOB_SENT_RESULTS;
        } else if (message instanceof JobMessage.Concluded) {
            return JOB_CONCLUDED;
        } else if (message instanceof JobMessage.ExitForResume) {
            return EXIT_FOR_RESUME;
        } else if (message instanceof JobMessage.Progress) {
            return JOB_PROGRESS_PERCENTAGE;
        } else {
            return METRIC_EARLY_REPORT;
        }
    }
}
