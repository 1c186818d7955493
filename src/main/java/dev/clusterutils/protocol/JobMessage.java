package dev.clusterutils.protocol;

import java.util.List;
import java.util.Map;

/**
 * What a running job tells the server: the seven UDP message types of the cluster_utils client
 * (the {@code MessageTypes} IntEnum values are given per record), plus results read from a job's
 * {@code metrics.csv} when no datagram carried them. {@code jobId} is the id on the job's command
 * line ({@code --job-id}).
 */
public sealed interface JobMessage {
    long jobId();

    /** The wire type of this message (for logs and dispatch tables). */
    default MessageType type() {
        return MessageType.of(this);
    }

    /** 0: {@code initialize_job()} ran on {@code hostname}. */
    record JobStarted(long jobId, String hostname) implements JobMessage { }

    /** 1: an uncaught exception; {@code lines} is {@code traceback.format_exception}. */
    record ErrorEncountered(long jobId, List<String> lines) implements JobMessage { }

    /** 2: {@code finalize_job()}; metrics in the order the job sent them. */
    record SentResults(long jobId, Map<String, Object> metrics) implements JobMessage { }

    /** 3: the job's interpreter is exiting. */
    record Concluded(long jobId) implements JobMessage { }

    /** 4: {@code exit_for_resume()}; the process exits with code 3 next. */
    record ExitForResume(long jobId) implements JobMessage { }

    /** 5: {@code announce_fraction_finished(fraction)}. */
    record Progress(long jobId, double fraction) implements JobMessage { }

    /** 6: {@code announce_early_results(metrics)}. */
    record EarlyReport(long jobId, Map<String, Object> metrics) implements JobMessage { }
}
