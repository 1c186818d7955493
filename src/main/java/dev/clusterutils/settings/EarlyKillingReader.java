package dev.clusterutils.settings;

import dev.clusterutils.value.PythonRepr;
import java.util.List;
import java.util.Map;

/**
 * {@code kill_bad_jobs_early} and {@code early_killing_params} of both run types. A grid search has
 * no metric of its own, so there {@code early_killing_params} also names the {@code metric} to judge
 * and whether to {@code minimize} it.
 */
final class EarlyKillingReader {
    private EarlyKillingReader() {
    }

    /** A grid's early stopping, or null when {@code kill_bad_jobs_early} is not true. */
    static EarlyStoppingSettings gridStopping(Section top) {
        boolean on = top.bool("kill_bad_jobs_early", false);
        if (!on && !top.has("early_killing_params")) {
            return null;
        }
        Section s = top.section("early_killing_params", on);
        if (s == null) {
            return null;
        }
        String metric = s.string("metric", on);
        boolean minimize = s.bool("minimize", true);
        EarlyKillingParams params = rule(s, true);
        return on && metric != null && params != null ? new EarlyStoppingSettings(metric, minimize, params) : null;
    }

    /**
     * hp_optimization's {@code early_killing_params}, null when absent and not required.
     */
    static EarlyKillingParams hpoParams(Section top, boolean required) {
        if (!required && !top.has("early_killing_params")) {
            return null;
        }
        Section s = top.section("early_killing_params", required);
        if (s == null) {
            return null;
        }
        return rule(s, false);
    }

    /** {@code forGrid}: {@code metric} and {@code minimize} are read by {@link #gridStopping}, errors elsewhere. */
    private static EarlyKillingParams rule(Section s, boolean forGrid) {
        if (forGrid) {
            s.allow("metric", "minimize");
        } else {
            for (String gridOnly : List.of("metric", "minimize")) {
                if (s.map().containsKey(gridOnly)) {
                    s.problems().error(s.keyPath(gridOnly), "only for grid_search; hp_optimization stops jobs by "
                            + "optimization_setting.metric_to_optimize and optimization_setting.minimize");
                    s.allow(gridOnly);
                }
            }
        }
        String method = s.has("method") ? s.string("method", false) : "rank";
        if (method == null) {
            return null;
        }
        EarlyKillingParams params = switch (method) {
            case "rank" -> {
                Double rank = s.number("target_rank", true);
                Double stds = s.number("how_many_stds", true);
                yield rank == null || stds == null ? null : new EarlyKillingParams.Rank(rank, stds);
            }
            case "asha", "hyperband" -> halving(s, method);
            case "median" -> {
                Double minReports = positive(s, "min_reports", 1.0);
                Integer minFinished = s.has("min_finished") ? s.integer("min_finished", false, 1) : Integer.valueOf(5);
                String key = s.has("resource_key") ? s.string("resource_key", false) : null;
                yield minReports == null || minFinished == null ? null : new EarlyKillingParams.Median(minReports, minFinished, key);
            }
            default -> {
                s.problems().error(s.keyPath("method"), "unknown method '" + method + "'; use one of "
                        + String.join(", ", EarlyKillingParams.METHODS));
                yield null;
            }
        };
        if (EarlyKillingParams.METHODS.contains(method)) {
            rejectOtherMethodsKeys(s, method);
        }
        return params;
    }

    private static EarlyKillingParams halving(Section s, String method) {
        Integer eta = s.has("reduction_factor") ? s.integer("reduction_factor", false, 2) : Integer.valueOf(3);
        Double min = positive(s, "min_reports", 1.0);
        boolean hyperband = method.equals("hyperband");
        Double max = s.has("max_reports") ? positive(s, "max_reports", null) : null;
        if (hyperband && !s.has("max_reports")) {
            s.problems().error(s.keyPath("max_reports"), "required by method 'hyperband' (the resource at which jobs finish, "
                    + "e.g. the number of reports a full job sends)");
        }
        String key = s.has("resource_key") ? s.string("resource_key", false) : null;
        if (min != null && max != null && max <= min) {
            s.problems().error(s.keyPath("max_reports"), "must be larger than min_reports (" + PythonRepr.repr(min) + "), got "
                    + PythonRepr.repr(max));
            return null;
        }
        if (eta == null || min == null || (hyperband && max == null)) {
            return null;
        }
        return hyperband ? new EarlyKillingParams.Hyperband(eta, min, max, key) : new EarlyKillingParams.Asha(eta, min, max, key);
    }

    /** A number above zero; {@code fallback} when absent (null: required). */
    private static Double positive(Section s, String key, Double fallback) {
        if (!s.has(key) && fallback != null) {
            s.allow(key);
            return fallback;
        }
        Double v = s.number(key, true);
        if (v != null && !(v > 0 && Double.isFinite(v))) {
            s.problems().error(s.keyPath(key), "must be a number above 0, got " + Section.describe(s.raw(key)));
            return null;
        }
        return v;
    }

    /** A key of another method is named with its method; anything else gets the closest valid key. */
    private static void rejectOtherMethodsKeys(Section s, String method) {
        Map<String, String> owners = Map.of("target_rank", "rank", "how_many_stds", "rank", "reduction_factor", "asha or hyperband",
                "max_reports", "asha or hyperband", "min_finished", "median");
        for (String key : s.map().keySet()) {
            String owner = owners.get(key);
            if (owner != null && !s.isKnown(key)) {
                s.problems().error(s.keyPath(key), "belongs to method " + owner + ", not to method '" + method + "'");
                s.allow(key);
            }
        }
        s.allow("method");
        s.rejectUnknown();
    }
}
