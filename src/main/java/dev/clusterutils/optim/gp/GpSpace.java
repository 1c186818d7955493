package dev.clusterutils.optim.gp;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.NumericDistribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The input warping of the gp optimiser: every numeric parameter becomes a coordinate in [0, 1]
 * (on a log scale for the Log distributions; Int ones over [lower - 0.5, upper + 0.5] so that each
 * integer owns an equal cell and proposals are rounded), every Discrete parameter an option index
 * that the kernel compares by equality ({@link GaussianProcess}).
 */
final class GpSpace {

    private final List<ParamSpec> specs;
    private final boolean[] categorical;
    private final int[] numeric;
    private final double[] low;
    private final double[] high;

    GpSpace(List<ParamSpec> specs) {
        this.specs = List.copyOf(specs);
        int d = specs.size();
        categorical = new boolean[d];
        low = new double[d];
        high = new double[d];
        int nNumeric = 0;
        for (int j = 0; j < d; j++) {
            ParamSpec p = specs.get(j);
            Distribution dist = p.distribution();
            if (dist == Distribution.Discrete) {
                categorical[j] = true;
                continue;
            }
            nNumeric++;
            double lo = dist.isInteger() ? p.lower() - 0.5 : p.lower();
            double hi = dist.isInteger() ? p.upper() + 0.5 : p.upper();
            low[j] = dist.isLog() ? Math.log(lo) : lo;
            high[j] = dist.isLog() ? Math.log(hi) : hi;
        }
        numeric = new int[nNumeric];
        for (int j = 0, k = 0; j < d; j++) {
            if (!categorical[j]) {
                numeric[k++] = j;
            }
        }
    }

    int dimensions() {
        return specs.size();
    }

    boolean[] categorical() {
        return categorical.clone();
    }

    /** Indices of the numeric coordinates. */
    int[] numeric() {
        return numeric.clone();
    }

    int options(int j) {
        return specs.get(j).options().size();
    }

    /** The coordinates of a parameter set; NaN where a value is missing or does not fit. */
    double[] encode(Map<String, Object> values) {
        double[] z = new double[specs.size()];
        for (int j = 0; j < z.length; j++) {
            z[j] = encode(j, values == null ? null : values.get(specs.get(j).param()));
        }
        return z;
    }

    private double encode(int j, Object value) {
        ParamSpec p = specs.get(j);
        if (categorical[j]) {
            for (int i = 0; i < p.options().size(); i++) {
                if (PyValues.pyEquals(p.options().get(i), value)) {
                    return i;
                }
            }
            return Double.NaN;
        }
        if (!(value instanceof Number || value instanceof Boolean)) {
            return Double.NaN;
        }
        double v = PyValues.toDouble(value);
        double t = p.distribution().isLog() ? Math.log(v) : v;
        double z = (t - low[j]) / (high[j] - low[j]);
        return Double.isFinite(z) ? z : Double.NaN;
    }

    /** The parameter set at a point: Double, Long or the option object itself, in optimized_params order. */
    Map<String, Object> decode(double[] z) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int j = 0; j < z.length; j++) {
            ParamSpec p = specs.get(j);
            values.put(p.param(), decode(j, z[j]));
        }
        return values;
    }

    private Object decode(int j, double zj) {
        ParamSpec p = specs.get(j);
        if (categorical[j]) {
            int i = (int) Math.max(0, Math.min(p.options().size() - 1, Math.rint(zj)));
            return p.options().get(i);
        }
        double t = low[j] + Math.max(0, Math.min(1, zj)) * (high[j] - low[j]);
        double v = p.distribution().isLog() ? Math.exp(t) : t;
        if (p.distribution().isInteger()) {
            long k = NumericDistribution.roundHalfAwayFromZero(v);
            return Math.max((long) p.lower(), Math.min((long) p.upper(), k));
        }
        return Math.max(p.lower(), Math.min(p.upper(), v));
    }

    /** The point that will actually be run: integers rounded, options picked. */
    double[] snap(double[] z) {
        return encode(decode(z));
    }

    /** A point from the unit cube (a Sobol point), snapped. */
    double[] fromUnit(double[] u) {
        double[] z = u.clone();
        for (int j = 0; j < z.length; j++) {
            if (categorical[j]) {
                z[j] = Math.min(options(j) - 1, Math.floor(u[j] * options(j)));
            }
        }
        return snap(z);
    }

    /** A uniform random point, snapped. */
    double[] sample(RandomGenerator rng) {
        double[] u = new double[specs.size()];
        for (int j = 0; j < u.length; j++) {
            u[j] = rng.nextDouble();
        }
        return fromUnit(u);
    }
}
