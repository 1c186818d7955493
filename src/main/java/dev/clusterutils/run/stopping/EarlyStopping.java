package dev.clusterutils.run.stopping;

import dev.clusterutils.settings.EarlyKillingParams;
import java.util.HashMap;
import java.util.Map;

/**
 * What the run's coordinator asks about early stopping: it turns a job's reported metrics into the
 * value and resource that the chosen {@link StoppingRule} judges. Reports without the metric are
 * not counted; with {@code resource_key}, reports without a numeric resource are not judged.
 */
public final class EarlyStopping {
    private final String metric;
    private final String resourceKey;
    private final StoppingRule rule;
    private final Map<Long, Integer> reports = new HashMap<>();

    EarlyStopping(String metric, String resourceKey, StoppingRule rule) {
        this.metric = metric;
        this.resourceKey = resourceKey;
        this.rule = rule;
    }

    public static EarlyStopping of(String metric, boolean minimize, EarlyKillingParams params) {
        return new EarlyStopping(metric, params.resourceKey(), StoppingRule.of(params, minimize));
    }

    public String metric() {
        return metric;
    }

    /** The verdict on a running job's report; {@link Verdict#CONTINUE} when the report cannot be judged. */
    public Verdict report(long jobId, Map<String, Object> metrics) {
        double value = number(metrics.get(metric));
        if (!metrics.containsKey(metric) || (Double.isNaN(value) && !(metrics.get(metric) instanceof Double))) {
            return Verdict.CONTINUE;
        }
        int count = reports.merge(jobId, 1, Integer::sum);
        double resource = resourceKey == null ? count : number(metrics.get(resourceKey));
        if (Double.isNaN(resource)) {
            return Verdict.CONTINUE;
        }
        Verdict v = rule.report(jobId, resource, value);
        if (v.stop()) {
            reports.remove(jobId);
            rule.ended(jobId);
        }
        return v;
    }

    /** A job ended with its results. */
    public void finished(long jobId, Map<String, Object> metrics) {
        reports.remove(jobId);
        rule.finished(jobId, number(metrics.get(metric)));
    }

    /** A job ended without results, or was stopped. */
    public void ended(long jobId) {
        reports.remove(jobId);
        rule.ended(jobId);
    }

    /** A number, or NaN for anything else (booleans are not numbers here). */
    private static double number(Object v) {
        return v instanceof Number n && !(v instanceof Boolean) ? n.doubleValue() : Double.NaN;
    }
}
