package dev.clusterutils.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finished job as the optimiser sees it. {@code metric} is the value of
 * {@code metric_to_optimize}: null for FAILED; for KILLED (stopped early by
 * {@code kill_bad_jobs_early}) it is the last intermediate value. {@code values} are the job's
 * optimised parameter values, keyed as in its {@link Proposal}; an optimiser needs them when the
 * proposal id is not its own (replay after a crash). {@code metrics} holds the value of every
 * objective in {@code metric_to_optimize} order (just {@code metric} in a single-objective run,
 * empty when there is none); {@code metric} is its first.
 */
public record Outcome(long proposalId, Map<String, Object> values, Double metric, Status status, List<Double> metrics) {

    public enum Status { SUCCESS, FAILED, KILLED }

    public Outcome {
        Objects.requireNonNull(status, "status");
        values = values == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(values));
        if (metrics == null || metrics.isEmpty()) {
            metrics = metric == null ? List.of() : List.of(metric);
        } else {
            metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
            metric = metrics.get(0);
        }
    }

    public Outcome(long proposalId, Map<String, Object> values, Double metric, Status status) {
        this(proposalId, values, metric, status, null);
    }

    public static Outcome success(long proposalId, Map<String, Object> values, double metric) {
        return new Outcome(proposalId, values, metric, Status.SUCCESS);
    }

    /** A finished job of a multi-objective run: one value per objective. */
    public static Outcome success(long proposalId, Map<String, Object> values, double[] metrics) {
        List<Double> m = new ArrayList<>(metrics.length);
        for (double x : metrics) {
            m.add(x);
        }
        return new Outcome(proposalId, values, null, Status.SUCCESS, m);
    }

    public static Outcome failed(long proposalId, Map<String, Object> values) {
        return new Outcome(proposalId, values, null, Status.FAILED);
    }

    public static Outcome killed(long proposalId, Map<String, Object> values, double lastMetric) {
        return new Outcome(proposalId, values, lastMetric, Status.KILLED);
    }

    /** Whether there is a metric to learn from; a NaN (or missing) objective counts as a failure. */
    public boolean hasMetric() {
        if (status == Status.FAILED || metrics.isEmpty()) {
            return false;
        }
        for (Double m : metrics) {
            if (m == null || m.isNaN()) {
                return false;
            }
        }
        return true;
    }

    /** The metric as a loss to minimise: negated when the run maximises. */
    public double loss(boolean minimize) {
        if (!hasMetric()) {
            throw new IllegalStateException("outcome " + proposalId + " has no metric");
        }
        return minimize ? metric : -metric;
    }

    /**
     * Every objective as a loss, negated where {@code minimize} says false; the first {@code
     * minimize.size()} objectives (a single-objective outcome told to a multi-objective optimiser
     * has too few: the missing ones are NaN).
     */
    public double[] losses(List<Boolean> minimize) {
        if (!hasMetric()) {
            throw new IllegalStateException("outcome " + proposalId + " has no metric");
        }
        double[] out = new double[minimize.size()];
        for (int i = 0; i < out.length; i++) {
            double m = i < metrics.size() ? metrics.get(i) : Double.NaN;
            out[i] = minimize.get(i) ? m : -m;
        }
        return out;
    }
}
