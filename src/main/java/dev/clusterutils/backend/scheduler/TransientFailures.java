package dev.clusterutils.backend.scheduler;

import java.util.List;
import java.util.Locale;

/**
 * Which scheduler error messages mean "busy or unreachable, try again" rather than "this request
 * is wrong". Anything not recognised counts as permanent, so a bad option or partition fails
 * the job at once with the scheduler's own message instead of being retried for a minute.
 */
public final class TransientFailures {
    private static final List<String> PATTERNS = List.of(
            "timed out",
            "resource temporarily unavailable",
            "temporarily unable",
            "try again",
            "unable to contact",
            "connection refused",
            "connection reset",
            "communication connection failure",
            "zero bytes were transmitted",
            "transport endpoint",
            "slurmctld is not responding",
            "slurm_persist_conn",
            "job submit limit",
            "qosmaxsubmitjob",
            "assocmaxsubmitjob",
            "failed to connect to local queue manager",
            "can't find address of local schedd",
            "secman",
            "failed to connect",
            "no route to host");

    private TransientFailures() {
    }

    public static boolean looksTransient(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return PATTERNS.stream().anyMatch(m::contains);
    }
}
