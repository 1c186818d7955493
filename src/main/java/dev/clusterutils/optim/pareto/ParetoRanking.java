package dev.clusterutils.optim.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pareto dominance over loss vectors (every objective minimised; the caller negates maximised
 * ones): non-dominated sorting into ranks (0 = the front) and crowding distances. A vector with a
 * NaN never dominates and is never on a front: it gets rank {@link #UNRANKED}.
 */
public final class ParetoRanking {

    public static final int UNRANKED = Integer.MAX_VALUE;

    private ParetoRanking() {
    }

    /** Whether {@code a} is no worse than {@code b} everywhere and better somewhere. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] <= b[i])) {
                return false;
            }
            better |= a[i] < b[i];
        }
        return better;
    }

    static boolean valid(double[] p) {
        for (double x : p) {
            if (Double.isNaN(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The non-domination rank of every point (Deb's fast non-dominated sort, O(m n^2); two
     * objectives take an O(n log n) sweep per front instead).
     */
    public static int[] ranks(List<double[]> points) {
        int n = points.size();
        int[] rank = new int[n];
        Arrays.fill(rank, UNRANKED);
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (valid(points.get(i))) {
                valid.add(i);
            }
        }
        if (valid.isEmpty()) {
            return rank;
        }
        int m = points.get(valid.get(0)).length;
        if (m == 2) {
            return ranks2d(points, valid, rank);
        }
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int a = 0; a < valid.size(); a++) {
            for (int b = a + 1; b < valid.size(); b++) {
                int i = valid.get(a);
                int j = valid.get(b);
                if (dominates(points.get(i), points.get(j))) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (dominates(points.get(j), points.get(i))) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        List<Integer> current = new ArrayList<>();
        for (int i : valid) {
            if (dominatedBy[i] == 0) {
                current.add(i);
            }
        }
        int r = 0;
        while (!current.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                rank[i] = r;
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            current = next;
            r++;
        }
        return rank;
    }

    /**
     * Two objectives: sorted by (f1, f2), a point belongs to the first front whose smallest f2 so
     * far is above its own f2 (points seen earlier have f1 no larger, so that front's best f2
     * decides whether it dominates). Equal points share a front.
     */
    private static int[] ranks2d(List<double[]> points, List<Integer> valid, int[] rank) {
        Integer[] order = valid.toArray(new Integer[0]);
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(points.get(a)[0], points.get(b)[0]);
            return c != 0 ? c : Double.compare(points.get(a)[1], points.get(b)[1]);
        });
        List<double[]> sorted = new ArrayList<>(order.length);
        for (int idx : order) {
            sorted.add(points.get(idx));
        }
        int[] r = ranksOfSorted2d(sorted);
        for (int k = 0; k < order.length; k++) {
            rank[order[k]] = r[k];
        }
        return rank;
    }

    /**
     * The ranks of two-objective points already sorted by (f1, f2), without NaN: one pass,
     * O(n log fronts). For callers that keep their points sorted as they arrive.
     */
    public static int[] ranksOfSorted2d(List<double[]> sorted) {
        int[] rank = new int[sorted.size()];
        double[] frontMinF2 = new double[sorted.size()];
        double[][] frontLast = new double[sorted.size()][];
        int fronts = 0;
        int k = 0;
        for (double[] p : sorted) {
            int lo = 0;
            int hi = fronts;
            // first front that does not dominate p; fronts' best f2 increases with their index
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (dominatesViaFront(frontMinF2[mid], frontLast[mid], p)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            rank[k++] = lo;
            if (lo == fronts) {
                fronts++;
                frontMinF2[lo] = p[1];
            } else {
                frontMinF2[lo] = Math.min(frontMinF2[lo], p[1]);
            }
            frontLast[lo] = p;
        }
        return rank;
    }

    private static boolean dominatesViaFront(double minF2, double[] last, double[] p) {
        if (minF2 < p[1]) {
            return true;
        }
        // the front's best f2 equals p's: it dominates unless that point is p itself (same f1)
        return minF2 == p[1] && last[0] < p[0];
    }

    /** The indices of rank 0, in input order. */
    public static List<Integer> front(List<double[]> points) {
        int[] r = ranks(points);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            if (r[i] == 0) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * NSGA-II crowding distance of each point within its own set (all of one rank): boundary
     * points get infinity, so that a selection by crowding keeps the ends of the front.
     */
    public static double[] crowding(List<double[]> points) {
        int n = points.size();
        double[] d = new double[n];
        if (n <= 2) {
            Arrays.fill(d, Double.POSITIVE_INFINITY);
            return d;
        }
        int m = points.get(0).length;
        Integer[] order = new Integer[n];
        for (int k = 0; k < m; k++) {
            final int obj = k;
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(points.get(a)[obj], points.get(b)[obj]));
            double span = points.get(order[n - 1])[obj] - points.get(order[0])[obj];
            d[order[0]] = Double.POSITIVE_INFINITY;
            d[order[n - 1]] = Double.POSITIVE_INFINITY;
            if (span <= 0) {
                continue;
            }
            for (int i = 1; i < n - 1; i++) {
                d[order[i]] += (points.get(order[i + 1])[obj] - points.get(order[i - 1])[obj]) / span;
            }
        }
        return d;
    }
}
