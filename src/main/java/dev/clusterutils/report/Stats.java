package dev.clusterutils.report;

import java.util.Arrays;

/** The few statistics a report needs, over arrays that may hold NaN (NaN values are left out). */
final class Stats {
    private Stats() {
    }

    static double[] finite(double[] xs) {
        int n = 0;
        for (double x : xs) {
            if (Double.isFinite(x)) {
                n++;
            }
        }
        if (n == xs.length) {
            return xs;
        }
        double[] out = new double[n];
        int i = 0;
        for (double x : xs) {
            if (Double.isFinite(x)) {
                out[i++] = x;
            }
        }
        return out;
    }

    static double min(double[] xs) {
        double m = Double.NaN;
        for (double x : xs) {
            if (Double.isFinite(x) && (Double.isNaN(m) || x < m)) {
                m = x;
            }
        }
        return m;
    }

    static double max(double[] xs) {
        double m = Double.NaN;
        for (double x : xs) {
            if (Double.isFinite(x) && (Double.isNaN(m) || x > m)) {
                m = x;
            }
        }
        return m;
    }

    static double mean(double[] xs) {
        double sum = 0;
        int n = 0;
        for (double x : xs) {
            if (Double.isFinite(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Sample standard deviation (ddof 1, as pandas); NaN below two values. */
    static double std(double[] xs) {
        double[] f = finite(xs);
        if (f.length < 2) {
            return Double.NaN;
        }
        double m = mean(f);
        double ss = 0;
        for (double x : f) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (f.length - 1));
    }

    /** Quantile with linear interpolation (numpy's default); {@code sorted} must be finite and ascending. */
    static double quantileSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static double[] sortedFinite(double[] xs) {
        double[] f = finite(xs).clone();
        Arrays.sort(f);
        return f;
    }

    static double median(double[] xs) {
        return quantileSorted(sortedFinite(xs), 0.5);
    }

    /** Ranks 1..n with ties averaged; NaN stays NaN. */
    static double[] ranks(double[] xs) {
        int n = xs.length;
        Integer[] order = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(xs[i])) {
                order[m++] = i;
            }
        }
        Integer[] idx = Arrays.copyOf(order, m);
        Arrays.sort(idx, (a, b) -> Double.compare(xs[a], xs[b]));
        double[] r = new double[n];
        Arrays.fill(r, Double.NaN);
        for (int i = 0; i < m; ) {
            int j = i;
            while (j + 1 < m && xs[idx[j + 1]] == xs[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] x, double[] y) {
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                sx += x[i];
                sy += y[i];
                n++;
            }
        }
        if (n < 3) {
            return Double.NaN;
        }
        double mx = sx / n;
        double my = sy / n;
        double cxy = 0;
        double cxx = 0;
        double cyy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                double dx = x[i] - mx;
                double dy = y[i] - my;
                cxy += dx * dy;
                cxx += dx * dx;
                cyy += dy * dy;
            }
        }
        if (cxx == 0 || cyy == 0) {
            return Double.NaN;
        }
        return cxy / Math.sqrt(cxx * cyy);
    }

    /**
     * Spearman's rank correlation over the pairs where both values are present (pandas'
     * pairwise-complete {@code corr(method="spearman")}); NaN below three pairs or for a constant column.
     */
    static double spearman(double[] x, double[] y) {
        double[] xs = new double[x.length];
        double[] ys = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            boolean both = !Double.isNaN(x[i]) && !Double.isNaN(y[i]);
            xs[i] = both ? x[i] : Double.NaN;
            ys[i] = both ? y[i] : Double.NaN;
        }
        return pearson(ranks(xs), ranks(ys));
    }
}
