package dev.clusterutils.report;

import java.util.Arrays;
import org.hipparchus.stat.correlation.SpearmansCorrelation;
import org.hipparchus.stat.descriptive.moment.StandardDeviation;
import org.hipparchus.stat.descriptive.rank.Percentile;
import org.hipparchus.stat.ranking.NaNStrategy;
import org.hipparchus.stat.ranking.NaturalRanking;
import org.hipparchus.stat.ranking.TiesStrategy;

/**
 * The few statistics a report needs, over arrays that may hold NaN (NaN values are left out); the
 * computing is Hipparchus's, the NaN handling (pandas' rules) is here.
 */
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
        return f.length < 2 ? Double.NaN : new StandardDeviation(true).evaluate(f);
    }

    /** Quantile with linear interpolation (numpy's default, R-7); {@code sorted} must be finite and ascending. */
    static double quantileSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(sorted, q * 100);
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
        return RANKING.rank(xs);
    }

    private static final NaturalRanking RANKING = new NaturalRanking(NaNStrategy.FIXED, TiesStrategy.AVERAGE);

    /**
     * Spearman's rank correlation over the pairs where both values are present (pandas'
     * pairwise-complete {@code corr(method="spearman")}); NaN below three pairs or for a constant column.
     */
    static double spearman(double[] x, double[] y) {
        int n = 0;
        double[] xs = new double[x.length];
        double[] ys = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                xs[n] = x[i];
                ys[n] = y[i];
                n++;
            }
        }
        if (n < 3) {
            return Double.NaN;
        }
        // a constant column has no correlation: Hipparchus answers NaN for it, as pandas does
        return new SpearmansCorrelation(RANKING).correlation(Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
    }
}
