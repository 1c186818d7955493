package dev.clusterutils.report;

/**
 * The original's choice between a linear and a log axis (spec 9.5 "scale detection"): histogram
 * the values and their logarithms with {@code 2 + sqrt(n)} bins; the more even histogram wins.
 * A log axis also needs every value above zero (the original falls back to symlog, which
 * JFreeChart lacks, so such data stays linear) and, unlike the original, a spread of at least
 * a factor of 10: on a narrower range both histograms are about even, the choice is a coin
 * toss, and a log axis only makes the tick labels harder to read.
 */
final class ScaleDetection {
    private ScaleDetection() {
    }

    static boolean isLog(double[] values) {
        double[] xs = Stats.finite(values);
        if (xs.length < 3) {
            return false;
        }
        for (double x : xs) {
            if (x <= 0) {
                return false;
            }
        }
        if (Stats.max(xs) < 10 * Stats.min(xs)) {
            return false;
        }
        int bins = 2 + (int) Math.sqrt(xs.length);
        double[] logs = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            logs[i] = Math.log(Math.abs(xs[i]) + 1e-8);
        }
        return countStd(xs, bins) >= countStd(logs, bins);
    }

    private static double countStd(double[] xs, int bins) {
        double lo = Stats.min(xs);
        double hi = Stats.max(xs);
        double[] counts = new double[bins];
        if (hi == lo) {
            counts[bins / 2] = xs.length;
        } else {
            for (double x : xs) {
                int b = (int) ((x - lo) / (hi - lo) * bins);
                counts[Math.min(b, bins - 1)]++;
            }
        }
        // numpy's std (ddof 0) of the counts
        double mean = xs.length / (double) bins;
        double ss = 0;
        for (double c : counts) {
            ss += (c - mean) * (c - mean);
        }
        return Math.sqrt(ss / bins);
    }
}
