package dev.clusterutils.report;

/** hp_optimization's {@code optimization_setting}: the metric that is optimised and its direction. */
public record Objective(String metric, boolean minimize) {

    /** True when {@code a} is a better value than {@code b}; NaN is never better. */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return minimize ? a < b : a > b;
    }

    /** Sorts better values first, NaN last. */
    public int compare(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        }
        return minimize ? Double.compare(a, b) : Double.compare(b, a);
    }

    public String direction() {
        return minimize ? "minimised" : "maximised";
    }
}
