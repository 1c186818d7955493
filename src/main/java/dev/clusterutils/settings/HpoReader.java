package dev.clusterutils.settings;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyTuple;
import dev.clusterutils.value.PythonRepr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the hp_optimization keys (spec §2.8) and turns {@code optimized_params} into
 * {@link ParamSpec}s with the distribution rules of spec §4.3. {@code optimizer_settings} is only
 * checked to be a dict: the optimizer factory validates its content.
 */
final class HpoReader {
    static final List<String> KEYS = List.of("optimized_params", "optimizer_str", "optimizer_settings",
            "optimization_setting", "num_best_jobs_whose_data_is_kept", "kill_bad_jobs_early", "early_killing_params");
    /** The keys that only an hp_optimization file has: they tell the two kinds of file apart. */
    static final List<String> OWN_KEYS = KEYS.stream()
            .filter(k -> !k.equals("kill_bad_jobs_early") && !k.equals("early_killing_params")).toList();
    static final List<String> OPTIMIZERS = List.of("cem_metaoptimizer", "nevergrad", "gridsearch", "random", "tpe", "gp");
    /** Smallest lower bound of the log distributions, as in the original. */
    static final double LOG_MIN = 1e-10;

    private HpoReader() {
    }

    static HpoSettings read(Section top) {
        List<ParamSpec> params = optimizedParams(top);
        String optimizer = top.string("optimizer_str", true);
        if (optimizer != null && !OPTIMIZERS.contains(optimizer)) {
            String close = KeySuggestion.closest(optimizer, OPTIMIZERS);
            top.problems().error(top.keyPath("optimizer_str"), "unknown optimizer '" + optimizer + "'; "
                    + (close != null ? "did you mean '" + close + "'?" : "valid optimizers are: " + String.join(", ", OPTIMIZERS)));
        }
        Section optimizerSettings = top.section("optimizer_settings", true);
        Map<String, Object> settingsCopy = optimizerSettings == null ? Map.of() : ImmutableTree.map(optimizerSettings.map());
        OptimizationSetting optimization = optimizationSetting(top.section("optimization_setting", true));
        Integer keep = top.integer("num_best_jobs_whose_data_is_kept", true, 0);
        boolean killEarly = top.bool("kill_bad_jobs_early", false);
        EarlyKillingParams early = EarlyKillingReader.hpoParams(top, killEarly);
        if (killEarly && optimization != null && optimization.objectives() != null && optimization.objectives().isMulti()) {
            // the stopping rules rank jobs by one metric; with several there is no single order to stop by
            top.problems().error(top.keyPath("kill_bad_jobs_early"),
                    "early stopping needs one metric; it is not available with several metric_to_optimize");
        }
        return new HpoSettings(params, optimizer, settingsCopy, optimization, keep == null ? 0 : keep, killEarly,
                killEarly ? early : null);
    }

    private static OptimizationSetting optimizationSetting(Section s) {
        if (s == null) {
            return null;
        }
        List<String> metrics = metricNames(s);
        List<Boolean> minimize = directions(s, metrics);
        Integer samples = s.integer("number_of_samples", true, 1);
        Integer perIteration = s.integer("n_jobs_per_iteration", true, 1);
        Integer resubmit = s.integer("n_completed_jobs_before_resubmit", false, Integer.MIN_VALUE);
        Boolean runLocal = s.nullableBool("run_local", false);
        List<Double> reference = referencePoint(s, metrics);
        s.rejectUnknown();
        int k = resubmit == null ? 1 : resubmit;
        if (perIteration != null && (k < 1 || k > perIteration)) {
            s.problems().error(s.keyPath("n_completed_jobs_before_resubmit"),
                    "n_completed_jobs_before_resubmit must be in [1, " + perIteration + "], got " + k);
        }
        Objectives objectives = metrics == null || minimize == null ? null : new Objectives(metrics, minimize, reference);
        return new OptimizationSetting(metrics == null ? null : metrics.get(0), minimize != null && minimize.get(0),
                samples == null ? 1 : samples, perIteration == null ? 1 : perIteration, k, runLocal, objectives);
    }

    /** {@code metric_to_optimize}: one name, or a list of distinct names (a multi-objective run). */
    private static List<String> metricNames(Section s) {
        Object raw = s.raw("metric_to_optimize");
        String path = s.keyPath("metric_to_optimize");
        if (!(raw instanceof List<?> l)) {
            String one = s.string("metric_to_optimize", true);
            return one == null ? null : List.of(one);
        }
        if (l.isEmpty()) {
            s.problems().error(path, "must name at least one metric");
            return null;
        }
        List<String> names = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String name)) {
                s.problems().error(path + "[" + i + "]", Section.expected("str", l.get(i)));
                ok = false;
            } else if (names.contains(name)) {
                s.problems().error(path + "[" + i + "]", "metric '" + name + "' is named twice");
                ok = false;
            } else {
                names.add(name);
            }
        }
        return ok ? names : null;
    }

    /** {@code reference_point}: one finite number per metric of a multi-objective run. */
    private static List<Double> referencePoint(Section s, List<String> metrics) {
        List<Object> l = s.list("reference_point", false);
        if (l == null) {
            return null;
        }
        String path = s.keyPath("reference_point");
        if (metrics != null && metrics.size() < 2) {
            s.problems().error(path, "only for several metric_to_optimize (the hypervolume of a Pareto front)");
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            Object v = l.get(i);
            if (!Section.isNumber(v) || !Double.isFinite(((Number) v).doubleValue())) {
                s.problems().error(path + "[" + i + "]", Section.expected("a finite number", v));
                return null;
            }
            out.add(((Number) v).doubleValue());
        }
        if (metrics != null && out.size() != metrics.size()) {
            s.problems().error(path, "has " + out.size() + " value(s) but metric_to_optimize names " + metrics.size()
                    + " metric(s); give one per metric, in their own units");
            return null;
        }
        return metrics == null ? null : out;
    }

    /** {@code minimize}: one bool for every objective, or a list with one per objective. */
    private static List<Boolean> directions(Section s, List<String> metrics) {
        Object raw = s.raw("minimize");
        String path = s.keyPath("minimize");
        if (!(raw instanceof List<?> l)) {
            Boolean one = s.nullableBool("minimize", true);
            if (one == null) {
                return null;
            }
            return metrics == null ? List.of(one) : Collections.nCopies(metrics.size(), one);
        }
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) instanceof Boolean b) {
                out.add(b);
            } else {
                s.problems().error(path + "[" + i + "]", Section.expected("bool", l.get(i)));
                return null;
            }
        }
        if (metrics != null && out.size() != metrics.size()) {
            s.problems().error(path, "has " + out.size() + " direction(s) but metric_to_optimize names " + metrics.size()
                    + " metric(s); give one bool for all or one per metric");
            return null;
        }
        return metrics == null ? null : out;
    }

    /** All distribution names. */
    static List<String> names(HpoSettings hpo) {
        return hpo.optimizedParams().stream().map(ParamSpec::param).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<ParamSpec> optimizedParams(Section top) {
        List<Object> list = top.list("optimized_params", true);
        List<ParamSpec> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (list.isEmpty()) {
            top.problems().error(top.keyPath("optimized_params"), "must name at least one parameter to optimize");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = top.keyPath("optimized_params") + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                top.problems().error(path, Section.expected("dict with 'param', 'distribution' and 'bounds' or 'options'", list.get(i)));
                continue;
            }
            ParamSpec spec = paramSpec(new Section((Map<String, Object>) m, path, top.problems()));
            if (spec != null) {
                if (!seen.add(spec.param())) {
                    top.problems().error(path + ".param", "duplicate parameter '" + spec.param() + "' in optimized_params");
                }
                out.add(spec);
            }
        }
        return out;
    }

    private static ParamSpec paramSpec(Section s) {
        Problems problems = s.problems();
        int before = problems.errorCount();
        Object name = s.raw("param");
        if (name == null) {
            problems.error(s.keyPath("param"), s.map().containsKey("param") ? Section.expected("str", null) : "missing required key");
        } else {
            ParamNames.check(name, s.keyPath("param"), problems);
        }
        String distName = s.string("distribution", true);
        Distribution dist = null;
        if (distName != null) {
            dist = Arrays.stream(Distribution.values()).filter(d -> d.name().equals(distName)).findFirst().orElse(null);
            if (dist == null) {
                List<String> valid = Arrays.stream(Distribution.values()).map(Enum::name).toList();
                String close = KeySuggestion.closest(distName, valid);
                problems.error(s.keyPath("distribution"), "Distribution " + distName + " does not exist; "
                        + (close != null ? "did you mean '" + close + "'?" : "valid distributions are: " + String.join(", ", valid)));
            }
        }
        boolean hasBounds = s.has("bounds");
        boolean hasOptions = s.has("options");
        Object smart = s.raw("smart_rounding");
        s.rejectUnknown();
        if (dist == null) {
            return null;
        }
        boolean discrete = dist == Distribution.Discrete;
        String wanted = discrete ? "options" : "bounds";
        String other = discrete ? "bounds" : "options";
        String valuesKey = wanted;
        if (hasBounds && hasOptions) {
            problems.error(s.keyPath(other), "a " + dist + " distribution takes '" + wanted + "' only; remove '" + other + "'");
            return null;
        }
        if (!(discrete ? hasOptions : hasBounds)) {
            if (discrete ? hasBounds : hasOptions) {
                // The original tolerates the mix-up with a printed warning; so do we.
                problems.warn(s.keyPath(other), "a " + dist + " distribution takes '" + wanted + "', not '" + other
                        + "'; using the values as '" + wanted + "' (rename the key)");
                valuesKey = other;
            } else {
                problems.error(s.keyPath(wanted), "missing required key");
                return null;
            }
        }
        boolean smartRounding = true;
        if (smart != null) {
            if (!(smart instanceof Boolean b)) {
                problems.error(s.keyPath("smart_rounding"), Section.expected("bool", smart));
            } else if (discrete) {
                problems.warn(s.keyPath("smart_rounding"), "ignored for a Discrete distribution");
            } else {
                smartRounding = b;
            }
        }
        if (!(name instanceof String paramName)) {
            return null;
        }
        Object values = s.map().get(valuesKey);
        String path = s.keyPath(valuesKey);
        ParamSpec spec = discrete
                ? discrete(paramName, values, path, problems)
                : numerical(paramName, dist, values, path, smartRounding, problems);
        return problems.errorCount() == before ? spec : null;
    }

    private static ParamSpec numerical(String name, Distribution dist, Object values, String path, boolean smartRounding,
            Problems problems) {
        if (!(values instanceof List<?> l) || l.size() != 2) {
            problems.error(path, Section.expected("[lower, upper]", values));
            return null;
        }
        Object lo = l.get(0);
        Object hi = l.get(1);
        boolean ok = true;
        for (int k = 0; k < 2; k++) {
            if (!Section.isNumber(l.get(k)) || (l.get(k) instanceof Double d && !Double.isFinite(d))) {
                problems.error(path + "[" + k + "]", Section.expected("a finite int or float", l.get(k)));
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        if (dist.isInteger() && !(isInteger(lo) && isInteger(hi))) {
            problems.error(path, "Bounds for integer distribution must be integral (write " + dist + " bounds without a decimal point), got "
                    + PythonRepr.repr(values));
            return null;
        }
        double lower = ((Number) lo).doubleValue();
        double upper = ((Number) hi).doubleValue();
        if (!(lower < upper)) {
            problems.error(path, "Bounds don't yield a proper interval: lower " + PythonRepr.repr(lo)
                    + " must be smaller than upper " + PythonRepr.repr(hi));
            return null;
        }
        if (dist.isLog() && lower < LOG_MIN) {
            problems.error(path, "Bounds for " + dist + " must be positive (lower bound at least 1e-10), got "
                    + PythonRepr.repr(lo));
            return null;
        }
        return new ParamSpec(name, dist, lower, upper, lo, hi, List.of(), smartRounding);
    }

    private static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof BigInteger;
    }

    private static ParamSpec discrete(String name, Object values, String path, Problems problems) {
        List<?> items = values instanceof PyTuple t ? t.items() : values instanceof List<?> l ? l : null;
        if (items == null || items.isEmpty()) {
            problems.error(path, Section.expected("non-empty list of options", values));
            return null;
        }
        List<Object> options = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            Object o = items.get(k);
            String itemPath = path + "[" + k + "]";
            if (o instanceof List<?> l) {
                o = new PyTuple(new ArrayList<>(l));
            }
            if (!(o instanceof Boolean || o instanceof String || o instanceof Long || o instanceof BigInteger
                    || o instanceof Double || o instanceof PyTuple)) {
                problems.error(itemPath, "Discrete options must be bool, str, int, float or list; " + Section.expected("one of these", o));
                continue;
            }
            if (!hashable(o)) {
                problems.error(itemPath, "Discrete options must be hashable, " + PythonRepr.repr(o)
                        + " failed (it contains a list or dict)");
                continue;
            }
            options.add(o);
        }
        return new ParamSpec(name, Distribution.Discrete, Double.NaN, Double.NaN, null, null, List.copyOf(options), true);
    }

    private static boolean hashable(Object o) {
        if (o instanceof PyTuple t) {
            return t.items().stream().allMatch(HpoReader::hashable);
        }
        return !(o instanceof List || o instanceof Map);
    }
}
