package dev.clusterutils.report;

import java.util.List;
import java.util.Map;

/**
 * A varied parameter and how to chart it.
 *
 * @param numeric      every value is a number (booleans are not), so it can enter a rank correlation
 * @param categorical  charted as categories: non-numeric values, Discrete options, or a short list of grid values
 * @param log          a log axis: the Log distributions of hp_optimization, or a wide positive grid range
 * @param categories   the category labels in chart order (empty unless categorical)
 * @param distribution the hp_optimization distribution name, null in grid search
 */
public record ParamInfo(
        String name,
        boolean numeric,
        boolean categorical,
        boolean log,
        double lower,
        double upper,
        List<String> categories,
        String distribution) {

    /** Where a job's value sits on the chart axis: the value itself, or the category's index. NaN if absent. */
    public double position(Map<String, Object> params) {
        Object v = params.get(name);
        if (v == null && !params.containsKey(name)) {
            return Double.NaN;
        }
        if (categorical) {
            int i = categories.indexOf(Values.label(v));
            return i < 0 ? Double.NaN : i;
        }
        return Values.number(v);
    }

    /** The value as a number for correlations: NaN when not numeric. */
    public double number(Map<String, Object> params) {
        return numeric ? Values.number(params.get(name)) : Double.NaN;
    }

    public int distinctValues() {
        return categories.size();
    }
}
