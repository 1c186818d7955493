package dev.clusterutils.run.stopping;

/** Comparison in the run's direction, with NaN (a job that reported nonsense) as the worst value. */
record Better(boolean minimize) {
    /** Whether {@code a} is strictly better than {@code b}. */
    boolean than(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return minimize ? a < b : a > b;
    }

    double best(double a, double b) {
        return than(b, a) ? b : a;
    }
}
