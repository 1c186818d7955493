package dev.clusterutils.results;

import java.util.Map;

/**
 * One line of a run's journal, the append-only record that CSVs, reports and resumes are
 * derived from. Times are epoch milliseconds.
 */
public sealed interface JournalEvent {
    long time();

    record RunStarted(long time, String runType, String jobsDir, String projectDir, long seed, String version)
            implements JournalEvent { }

    /** The job-message listener's {@code ip:port}; a resumed run binds it again so live jobs still reach it. */
    record Listening(long time, String address) implements JournalEvent { }

    /** {@code token} is the value of {@code --job-id} on the job's command line. */
    record JobCreated(long time, long id, long token, int iteration, Map<String, Object> params)
            implements JournalEvent { }

    record JobSubmitted(long time, long id, String handle) implements JournalEvent { }

    record JobStarted(long time, long id, String host) implements JournalEvent { }

    /** {@code source}: {@code message}, {@code metrics.csv} or {@code loaded} (load_existing_results). */
    record JobSucceeded(long time, long id, Map<String, Object> metrics, String source) implements JournalEvent { }

    /**
     * Intermediate metrics a job announced ({@code announce_early_results}, the METRIC_EARLY_REPORT
     * message): the learning curves of the report, and what kill_bad_jobs_early decides on.
     */
    record JobEarlyReport(long time, long id, Map<String, Object> metrics) implements JournalEvent { }

    record JobFailed(long time, long id, String reason) implements JournalEvent { }

    record JobResubmitting(long time, long id) implements JournalEvent { }

    /** A server process took the run over from the journal (after a crash or an interrupt). */
    record RunResumed(long time, long succeeded, long failed, long unfinished) implements JournalEvent { }

    /** The backend wrote the job's files but runs nothing ({@code dryrun}): neither a success nor a failure. */
    record JobNotRun(long time, long id, String reason) implements JournalEvent { }

    /** {@code status}: finished, no_results, aborted, interrupted. */
    record RunEnded(long time, String status, String message) implements JournalEvent { }
}
