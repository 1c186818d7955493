package dev.clusterutils.run;

/**
 * A snapshot of a run's progress, safe to read from any thread (progress display, metrics,
 * a host's health check). {@code total} is -1 while unknown; {@code etaSeconds} is NaN until
 * it can be estimated; {@code best} is NaN without a metric to optimise (and in a multi-objective
 * run, which has {@code frontSize} >= 0 and its {@code hypervolume} instead).
 */
public record RunStatus(
        String name,
        long total,
        long created,
        long submitted,
        long running,
        long succeeded,
        long failed,
        double etaSeconds,
        double best,
        boolean finished,
        int frontSize,
        double hypervolume) {

    public RunStatus(String name, long total, long created, long submitted, long running, long succeeded, long failed,
            double etaSeconds, double best, boolean finished) {
        this(name, total, created, submitted, running, succeeded, failed, etaSeconds, best, finished, -1, Double.NaN);
    }

    public long completed() {
        return succeeded + failed;
    }
}
