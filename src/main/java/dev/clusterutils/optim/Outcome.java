package dev.clusterutils.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finished job as the optimiser sees it. {@code metric} is the value of
 * {@code metric_to_optimize}: null for FAILED; for KILLED (stopped early by
 * {@code kill_bad_jobs_early}) it is the last intermediate value. {@code values} are the job's
 * optimised parameter values, keyed as in its {@link Proposal}; an optimiser needs them when the
 * proposal id is not its own (replay after a crash).
 */
public record Outcome(long proposalId, Map<String, Object> values, Double metric, Status status) {

    public enum Status { SUCCESS, FAILED, KILLED }

    public Outcome {
        Objects.requireNonNull(status, "status");
        values = values == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Outcome success(long proposalId, Map<String, Object> values, double metric) {
        return new Outcome(proposalId, values, metric, Status.SUCCESS);
    }

    public static Outcome failed(long proposalId, Map<String, Object> values) {
        return new Outcome(proposalId, values, null, Status.FAILED);
    }

    public static Outcome killed(long proposalId, Map<String, Object> values, double lastMetric) {
        return new Outcome(proposalId, values, lastMetric, Status.KILLED);
    }

    /** Whether there is a metric to learn from; a NaN metric counts as a failure. */
    public boolean hasMetric() {
        return status != Status.FAILED && metric != null && !metric.isNaN();
    }

    /** The metric as a loss to minimise: negated when the run maximises. */
    public double loss(boolean minimize) {
        if (!hasMetric()) {
            throw new IllegalStateException("outcome " + proposalId + " has no metric");
        }
        return minimize ? metric : -metric;
    }
}
