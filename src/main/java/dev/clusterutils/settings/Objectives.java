package dev.clusterutils.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an hp_optimization run optimises: the metric names of {@code metric_to_optimize} and the
 * direction of each ({@code minimize}). One name is the classic run; several make a
 * multi-objective run, whose result is a Pareto front instead of one best job.
 * {@code referencePoint} ({@code optimization_setting.reference_point}, in the metrics' own units)
 * fixes where the hypervolume is measured from; null lets it follow the values seen.
 */
public record Objectives(List<String> names, List<Boolean> minimize, List<Double> referencePoint) {

    public Objectives {
        names = List.copyOf(names);
        minimize = List.copyOf(minimize);
        if (names.isEmpty() || names.size() != minimize.size()) {
            throw new IllegalArgumentException("need one direction per objective, got " + names + " and " + minimize);
        }
        if (referencePoint != null) {
            referencePoint = List.copyOf(referencePoint);
            if (referencePoint.size() != names.size()) {
                throw new IllegalArgumentException("need one reference value per objective, got " + referencePoint);
            }
        }
    }

    public Objectives(List<String> names, List<Boolean> minimize) {
        this(names, minimize, null);
    }

    /** The reference point as losses (negated where maximised), or null when none is set. */
    public double[] referenceLosses() {
        if (referencePoint == null) {
            return null;
        }
        double[] out = new double[referencePoint.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = minimize.get(i) ? referencePoint.get(i) : -referencePoint.get(i);
        }
        return out;
    }

    public static Objectives single(String metric, boolean minimize) {
        return new Objectives(List.of(Objects.requireNonNull(metric, "metric")), List.of(minimize));
    }

    /**
     * The objectives of a written settings tree ({@code settings.json}, already validated when the
     * run started): null when it has none. A missing or odd {@code minimize} reads as minimising.
     */
    public static Objectives fromTree(Map<String, Object> settings) {
        if (settings == null || !(settings.get("optimization_setting") instanceof Map<?, ?> o)) {
            return null;
        }
        Object m = o.get("metric_to_optimize");
        List<String> names = new ArrayList<>();
        if (m instanceof String s) {
            names.add(s);
        } else if (m instanceof List<?> l) {
            for (Object x : l) {
                if (!(x instanceof String s) || names.contains(s)) {
                    return null;
                }
                names.add(s);
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        List<Boolean> minimize = new ArrayList<>();
        Object d = o.get("minimize");
        for (int i = 0; i < names.size(); i++) {
            Object di = d instanceof List<?> l ? (i < l.size() ? l.get(i) : null) : d;
            minimize.add(!(di instanceof Boolean b) || b);
        }
        List<Double> reference = null;
        if (o.get("reference_point") instanceof List<?> l && l.size() == names.size()
                && l.stream().allMatch(x -> x instanceof Number && !(x instanceof Boolean))) {
            reference = l.stream().map(x -> ((Number) x).doubleValue()).toList();
        }
        return new Objectives(names, minimize, reference);
    }

    public int count() {
        return names.size();
    }

    public boolean isMulti() {
        return names.size() > 1;
    }

    public String name(int i) {
        return names.get(i);
    }

    public boolean minimizes(int i) {
        return minimize.get(i);
    }

    /**
     * The job's metric values as losses (negated where the objective is maximised), NaN where a
     * metric is missing or not a number.
     */
    public double[] losses(Map<String, Object> metrics) {
        double[] out = new double[names.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = metrics == null ? null : metrics.get(names.get(i));
            double x = v instanceof Number n && !(v instanceof Boolean) ? n.doubleValue() : Double.NaN;
            out[i] = minimize.get(i) ? x : -x;
        }
        return out;
    }

    /** Raw metric values back from losses. */
    public double[] values(double[] losses) {
        double[] out = new double[losses.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = minimize.get(i) ? losses[i] : -losses[i];
        }
        return out;
    }

    /** "loss (min), accuracy (max)" for messages. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            parts.add(names.get(i) + " (" + (minimize.get(i) ? "min" : "max") + ")");
        }
        return String.join(", ", parts);
    }
}
