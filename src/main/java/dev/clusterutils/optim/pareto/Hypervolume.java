package dev.clusterutils.optim.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The hypervolume of a set of loss vectors (all objectives minimised): the measure of the region
 * they dominate below a reference point. Points not strictly better than the reference in every
 * objective, and points with a NaN, add nothing. Two objectives take an exact O(n log n) sweep;
 * more take the WFG algorithm (While, Bradstreet, Barone 2012), exact and fast enough for the
 * fronts of a hyperparameter search (hundreds of points, a handful of objectives).
 */
public final class Hypervolume {

    private Hypervolume() {
    }

    public static double of(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != reference.length) {
                throw new IllegalArgumentException("point has " + p.length + " objectives, reference " + reference.length);
            }
            if (ParetoRanking.valid(p) && strictlyBelow(p, reference)) {
                inside.add(p);
            }
        }
        if (inside.isEmpty()) {
            return 0;
        }
        List<double[]> front = new ArrayList<>();
        for (int i : ParetoRanking.front(inside)) {
            front.add(inside.get(i));
        }
        return switch (reference.length) {
            case 1 -> reference[0] - front.stream().mapToDouble(p -> p[0]).min().orElseThrow();
            case 2 -> sweep2d(front, reference);
            default -> wfg(front, reference);
        };
    }

    private static boolean strictlyBelow(double[] p, double[] reference) {
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] < reference[i])) {
                return false;
            }
        }
        return true;
    }

    /** Mutually non-dominated points: sorted by f1, f2 falls, so the area is a sum of slabs. */
    private static double sweep2d(List<double[]> front, double[] ref) {
        double[][] sorted = front.toArray(new double[0][]);
        Arrays.sort(sorted, Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]));
        double area = 0;
        double prevF2 = ref[1];
        for (double[] p : sorted) {
            if (p[1] < prevF2) {
                area += (ref[0] - p[0]) * (prevF2 - p[1]);
                prevF2 = p[1];
            }
        }
        return area;
    }

    /** WFG: the sum of every point's exclusive volume, sorted by the last objective (worst first). */
    private static double wfg(List<double[]> front, double[] ref) {
        if (front.isEmpty()) {
            return 0;
        }
        if (ref.length == 2) {
            return sweep2d(front, ref);
        }
        List<double[]> pts = new ArrayList<>(front);
        int last = ref.length - 1;
        pts.sort(Comparator.comparingDouble((double[] p) -> -p[last]));
        double total = 0;
        for (int k = 0; k < pts.size(); k++) {
            total += exclusive(pts, k, ref);
        }
        return total;
    }

    private static double exclusive(List<double[]> pts, int k, double[] ref) {
        double[] p = pts.get(k);
        double box = 1;
        for (int i = 0; i < p.length; i++) {
            box *= ref[i] - p[i];
        }
        // the points after k, each limited to the part of space p dominates
        List<double[]> limited = new ArrayList<>(pts.size() - k - 1);
        for (int j = k + 1; j < pts.size(); j++) {
            double[] q = pts.get(j);
            double[] l = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                l[i] = Math.max(p[i], q[i]);
            }
            limited.add(l);
        }
        List<double[]> nd = new ArrayList<>();
        for (int i : ParetoRanking.front(limited)) {
            nd.add(limited.get(i));
        }
        return box - wfg(dedupe(nd), ref);
    }

    /** Equal points share rank 0; one copy is enough for a volume. */
    private static List<double[]> dedupe(List<double[]> pts) {
        List<double[]> out = new ArrayList<>(pts.size());
        outer:
        for (double[] p : pts) {
            for (double[] q : out) {
                if (Arrays.equals(p, q)) {
                    continue outer;
                }
            }
            out.add(p);
        }
        return out;
    }

    /**
     * A reference point from observed losses when the user gives none: the worst value of each
     * objective plus a tenth of its range (1 where the range is zero), so that the extreme points
     * of the front add volume too.
     */
    public static double[] defaultReference(List<double[]> points) {
        int m = -1;
        double[] lo = null;
        double[] hi = null;
        for (double[] p : points) {
            if (!ParetoRanking.valid(p) || !finite(p)) {
                continue;
            }
            if (lo == null) {
                m = p.length;
                lo = p.clone();
                hi = p.clone();
            }
            for (int i = 0; i < m; i++) {
                lo[i] = Math.min(lo[i], p[i]);
                hi[i] = Math.max(hi[i], p[i]);
            }
        }
        if (lo == null) {
            return null;
        }
        double[] ref = new double[m];
        for (int i = 0; i < m; i++) {
            double range = hi[i] - lo[i];
            ref[i] = hi[i] + (range > 0 ? 0.1 * range : 1);
        }
        return ref;
    }

    private static boolean finite(double[] p) {
        for (double x : p) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each front point's exclusive contribution (the volume lost without it), for choosing among
     * points of one rank.
     */
    public static double[] contributions(List<double[]> front, double[] reference) {
        double all = of(front, reference);
        double[] c = new double[front.size()];
        for (int i = 0; i < front.size(); i++) {
            List<double[]> without = new ArrayList<>(front);
            without.remove(i);
            c[i] = all - of(without, reference);
        }
        return c;
    }
}
