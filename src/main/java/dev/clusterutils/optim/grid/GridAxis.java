package dev.clusterutils.optim.grid;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.NumericDistribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The grid values of one parameter: Discrete gives its options; Int* every integer in the bounds
 * when there are at most {@code pointsPerParam}, otherwise that many integers spread evenly over
 * the bounds (in log space for IntLogNormal, duplicates from rounding removed); the float variants
 * {@code pointsPerParam} points including both bounds, log-spaced for TruncatedLogNormal (one point
 * means the centre).
 */
record GridAxis(ParamSpec spec, List<Object> values) {

    GridAxis {
        values = List.copyOf(values);
    }

    static GridAxis of(ParamSpec spec, int pointsPerParam) {
        Distribution d = spec.distribution();
        if (d == Distribution.Discrete) {
            return new GridAxis(spec, spec.options());
        }
        double lo = spec.lower();
        double hi = spec.upper();
        List<Object> out = new ArrayList<>();
        if (d.isInteger()) {
            long a = (long) lo;
            long b = (long) hi;
            if (b - a + 1 <= pointsPerParam) {
                for (long v = a; v <= b; v++) {
                    out.add(v);
                }
                return new GridAxis(spec, out);
            }
            Set<Long> ints = new LinkedHashSet<>();
            for (double x : spaced(lo, hi, pointsPerParam, d.isLog())) {
                ints.add(Math.max(a, Math.min(b, NumericDistribution.roundHalfAwayFromZero(x))));
            }
            out.addAll(ints);
            return new GridAxis(spec, out);
        }
        for (double x : spaced(lo, hi, pointsPerParam, d.isLog())) {
            out.add(x);
        }
        return new GridAxis(spec, out);
    }

    private static double[] spaced(double lo, double hi, int n, boolean log) {
        double a = log ? Math.log(lo) : lo;
        double b = log ? Math.log(hi) : hi;
        double[] xs = new double[n];
        if (n == 1) {
            double mid = 0.5 * (a + b);
            xs[0] = log ? Math.exp(mid) : mid;
            return xs;
        }
        for (int i = 0; i < n; i++) {
            double t = a + (b - a) * i / (n - 1);
            xs[i] = log ? Math.exp(t) : t;
        }
        // the ends are the bounds exactly, not exp(log(bound))
        xs[0] = lo;
        xs[n - 1] = hi;
        return xs;
    }

    int size() {
        return values.size();
    }

    /** Position of a value on this axis by Python equality, or -1. */
    int indexOf(Object value) {
        for (int i = 0; i < values.size(); i++) {
            if (PyValues.pyEquals(values.get(i), value)) {
                return i;
            }
        }
        return -1;
    }
}
