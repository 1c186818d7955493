package dev.clusterutils.run.stopping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code kill_bad_jobs_early} (spec 4.5). Reference data are the finished jobs' curves: their
 * early reports of the metric followed by the final value. From the curves of the most common
 * (longest) length M, it learns how far a job's rank at report t typically is from its final
 * rank. A running job in the first half of its reports is stopped when its rank among the
 * references at the same report, minus {@code howManyStds} of those deviations, is still worse
 * than {@code targetRank}. Nothing is decided before five reference curves exist.
 */
final class EarlyKilling {
    static final int MIN_REFERENCES = 5;

    private final String metric;
    private final boolean minimize;
    private final double targetRank;
    private final double howManyStds;
    private final List<double[]> references = new ArrayList<>();
    private int longest;
    private double[][] cache;

    EarlyKilling(String metric, boolean minimize, double targetRank, double howManyStds) {
        this.metric = metric;
        this.minimize = minimize;
        this.targetRank = targetRank;
        this.howManyStds = howManyStds;
    }

    public String metric() {
        return metric;
    }

    /** A job finished normally: its early values and its final value. */
    public void addReference(List<Double> earlyValues, double finalValue) {
        if (earlyValues.isEmpty() || Double.isNaN(finalValue)) {
            return;
        }
        double[] row = new double[earlyValues.size() + 1];
        for (int i = 0; i < earlyValues.size(); i++) {
            row[i] = earlyValues.get(i);
        }
        row[row.length - 1] = finalValue;
        references.add(row);
        longest = Math.max(longest, row.length);
        cache = null;
    }

    /** Whether a running job whose early values so far are {@code reports} should be stopped now. */
    public boolean shouldKill(List<Double> reports) {
        if (reports.isEmpty()) {
            return false;
        }
        double[][] r = matrix();
        if (r == null) {
            return false;
        }
        int m = r[0].length;
        int n = reports.size();
        if (n > m / 2) {
            return false; // past half of its run: never killed
        }
        double v = reports.get(n - 1);
        int i = n - 1;
        double[] deviation = deviations(r);
        int rank = 0;
        for (double[] row : r) {
            if (better(row[i], v)) {
                rank++;
            }
        }
        return rank - howManyStds * deviation[i] > targetRank;
    }

    private boolean better(double a, double b) {
        return minimize ? a < b : a > b;
    }

    /** The reference curves of the longest length, or null with fewer than five of them. */
    private double[][] matrix() {
        if (cache != null) {
            return cache;
        }
        List<double[]> rows = new ArrayList<>();
        for (double[] row : references) {
            if (row.length == longest) {
                rows.add(row);
            }
        }
        if (rows.size() < MIN_REFERENCES) {
            return null;
        }
        cache = rows.toArray(new double[0][]);
        return cache;
    }

    /** dev[t] = sqrt(mean over jobs of (rank at t - final rank)^2), ranks 0 = best within a column. */
    private double[] deviations(double[][] r) {
        int jobs = r.length;
        int m = r[0].length;
        int[][] ranks = new int[m][];
        for (int t = 0; t < m; t++) {
            ranks[t] = ranksOf(r, t);
        }
        double[] dev = new double[m];
        for (int t = 0; t < m; t++) {
            double sum = 0;
            for (int j = 0; j < jobs; j++) {
                double d = ranks[t][j] - ranks[m - 1][j];
                sum += d * d;
            }
            dev[t] = Math.sqrt(sum / jobs);
        }
        return dev;
    }

    private int[] ranksOf(double[][] r, int column) {
        Integer[] order = new Integer[r.length];
        for (int j = 0; j < r.length; j++) {
            order[j] = j;
        }
        double sign = minimize ? 1 : -1;
        Arrays.sort(order, (a, b) -> Double.compare(sign * r[a][column], sign * r[b][column]));
        int[] rank = new int[r.length];
        for (int k = 0; k < order.length; k++) {
            rank[order[k]] = k;
        }
        return rank;
    }
}
