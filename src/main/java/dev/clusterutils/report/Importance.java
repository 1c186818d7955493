package dev.clusterutils.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hyperparameter importance without a random forest: for each parameter, the share of the
 * metric's variance that the parameter explains on its own (a first-order main effect, what
 * fANOVA reports as individual importance), estimated from binned values.
 *
 * <p>The metric is replaced by its ranks, so one huge outlier (a diverged job) cannot decide the
 * result and the answer does not depend on the metric's scale. Numeric values are cut into up to
 * 10 bins at their quantiles (log and linear parameters alike: quantiles do not care about the
 * scale), categories are their own bins. The score is epsilon squared, the bias-corrected
 * correlation ratio {@code (SS_between - (k-1) MS_within) / SS_total}, clipped to [0, 1]: with
 * few jobs per bin, the plain ratio would credit noise to every parameter.
 *
 * <p>Cost: O(n log n) per parameter.
 */
final class Importance {
    static final int MAX_BINS = 10;
    static final int MIN_JOBS_PER_BIN = 5;
    static final int MIN_JOBS = 6;

    /** @param score NaN when there are too few jobs or only one distinct value */
    record Score(String param, double score, int bins, int jobs) { }

    private Importance() {
    }

    static List<Score> of(List<JobResult> jobs, List<ParamInfo> params, String metric) {
        List<Score> out = new ArrayList<>();
        for (ParamInfo p : params) {
            out.add(score(jobs, p, metric));
        }
        return out;
    }

    static Score score(List<JobResult> jobs, ParamInfo p, String metric) {
        List<double[]> pairs = new ArrayList<>();
        for (JobResult j : jobs) {
            double y = j.metric(metric);
            double x = p.position(j.params());
            if (Double.isFinite(y) && Double.isFinite(x)) {
                pairs.add(new double[]{x, y});
            }
        }
        int n = pairs.size();
        if (n < MIN_JOBS) {
            return new Score(p.name(), Double.NaN, 0, n);
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = pairs.get(i)[0];
            ys[i] = pairs.get(i)[1];
        }
        double[] y = Stats.ranks(ys);
        int[] bin = p.categorical() ? categoryBins(xs) : quantileBins(xs, n);
        int k = 0;
        for (int b : bin) {
            k = Math.max(k, b + 1);
        }
        double[] sum = new double[k];
        int[] count = new int[k];
        double total = 0;
        for (int i = 0; i < n; i++) {
            sum[bin[i]] += y[i];
            count[bin[i]]++;
            total += y[i];
        }
        int used = 0;
        for (int c : count) {
            if (c > 0) {
                used++;
            }
        }
        if (used < 2) {
            return new Score(p.name(), Double.NaN, used, n);
        }
        double mean = total / n;
        double ssTotal = 0;
        for (double v : y) {
            ssTotal += (v - mean) * (v - mean);
        }
        double ssBetween = 0;
        for (int b = 0; b < k; b++) {
            if (count[b] > 0) {
                double m = sum[b] / count[b];
                ssBetween += count[b] * (m - mean) * (m - mean);
            }
        }
        if (ssTotal == 0 || n <= used) {
            return new Score(p.name(), 0, used, n);
        }
        double msWithin = (ssTotal - ssBetween) / (n - used);
        double eps2 = (ssBetween - (used - 1) * msWithin) / ssTotal;
        return new Score(p.name(), Math.max(0, Math.min(1, eps2)), used, n);
    }

    private static int[] categoryBins(double[] xs) {
        int[] out = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = (int) xs[i];
        }
        return out;
    }

    private static int[] quantileBins(double[] xs, int n) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int bins = Math.max(2, Math.min(MAX_BINS, n / MIN_JOBS_PER_BIN));
        double[] edges = new double[bins - 1];
        for (int b = 1; b < bins; b++) {
            edges[b - 1] = Stats.quantileSorted(sorted, b / (double) bins);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int b = 0;
            while (b < edges.length && xs[i] > edges[b]) {
                b++;
            }
            out[i] = b;
        }
        return out;
    }
}
