package dev.clusterutils.optim.es;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.NumericDistribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search space as the evolution strategies see it: a point of R^D whose coordinates are folded
 * into [0, 1] by {@link #reflect} and then decoded per parameter.
 *
 * <ul>
 *   <li>TruncatedNormal / TruncatedLogNormal: one coordinate, linear / logarithmic between the
 *       bounds.</li>
 *   <li>IntNormal: one coordinate cut into {@code upper-lower+1} equal cells; IntLogNormal: the
 *       same on the log scale of [lower-0.5, upper+0.5], then rounded.</li>
 *   <li>Discrete with n options: n coordinates, the option is the argmax (first on ties). Unlike
 *       nevergrad's {@code TransitionChoice}, which the original used, this implies no order among
 *       options; a continuous optimiser moves between any two options equally easily.</li>
 * </ul>
 */
final class UnitCube {

    private record Slice(ParamSpec spec, int offset, int width) {
    }

    private final List<Slice> slices = new ArrayList<>();
    private final int dimension;

    UnitCube(List<ParamSpec> space) {
        int offset = 0;
        for (ParamSpec p : space) {
            int width = p.distribution() == Distribution.Discrete ? p.options().size() : 1;
            slices.add(new Slice(p, offset, width));
            offset += width;
        }
        this.dimension = offset;
    }

    int dimension() {
        return dimension;
    }

    /** Folds R into [0, 1] like a mirror: 1.2 -> 0.8, -0.3 -> 0.3, 2.1 -> 0.1. */
    static double reflect(double x) {
        if (!Double.isFinite(x)) {
            return 0.5;
        }
        double y = x - 2 * Math.floor(x / 2);
        return y <= 1 ? y : 2 - y;
    }

    /** The image of phenotype coordinate p in [0, 1] (2k ± p) closest to {@code near}. */
    static double nearestImage(double p, double near) {
        double k = Math.floor(near / 2);
        double best = p;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (double base = 2 * (k - 1); base <= 2 * (k + 1); base += 2) {
            for (double candidate : new double[] {base + p, base + 2 - p}) {
                double d = Math.abs(candidate - near);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = candidate;
                }
            }
        }
        return best;
    }

    Map<String, Object> decode(double[] genotype) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Slice s : slices) {
            values.put(s.spec().param(), decode(s, genotype));
        }
        return values;
    }

    private static Object decode(Slice s, double[] g) {
        ParamSpec p = s.spec();
        double lo = p.lower();
        double hi = p.upper();
        if (p.distribution() == Distribution.Discrete) {
            int best = 0;
            for (int i = 1; i < s.width(); i++) {
                if (reflect(g[s.offset() + i]) > reflect(g[s.offset() + best])) {
                    best = i;
                }
            }
            return p.options().get(best);
        }
        double u = reflect(g[s.offset()]);
        return switch (p.distribution()) {
            case TruncatedNormal -> clamp(lo + u * (hi - lo), lo, hi);
            case TruncatedLogNormal -> clamp(Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))), lo, hi);
            case IntNormal -> Math.min((long) hi, (long) lo + (long) Math.floor(u * (hi - lo + 1)));
            case IntLogNormal -> {
                double a = Math.log(lo - 0.5);
                double b = Math.log(hi + 0.5);
                long v = NumericDistribution.roundHalfAwayFromZero(Math.exp(a + u * (b - a)));
                yield Math.max((long) lo, Math.min((long) hi, v));
            }
            case Discrete -> throw new AssertionError();
        };
    }

    /** A point of [0, 1]^D that decodes to {@code values}, or null when a value does not fit the space. */
    double[] encode(Map<String, Object> values) {
        double[] x = new double[dimension];
        for (Slice s : slices) {
            ParamSpec p = s.spec();
            Object v = values.get(p.param());
            if (p.distribution() == Distribution.Discrete) {
                int index = -1;
                for (int i = 0; i < p.options().size() && index < 0; i++) {
                    if (PyValues.pyEquals(p.options().get(i), v)) {
                        index = i;
                    }
                }
                if (index < 0) {
                    return null;
                }
                for (int i = 0; i < s.width(); i++) {
                    x[s.offset() + i] = i == index ? 0.75 : 0.25;
                }
                continue;
            }
            if (!(v instanceof Number || v instanceof Boolean)) {
                return null;
            }
            double d = PyValues.toDouble(v);
            double lo = p.lower();
            double hi = p.upper();
            double u = switch (p.distribution()) {
                case TruncatedNormal -> (d - lo) / (hi - lo);
                case TruncatedLogNormal -> (Math.log(d) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
                case IntNormal -> (d - lo + 0.5) / (hi - lo + 1);
                case IntLogNormal -> (Math.log(d) - Math.log(lo - 0.5)) / (Math.log(hi + 0.5) - Math.log(lo - 0.5));
                case Discrete -> throw new AssertionError();
            };
            if (!Double.isFinite(u)) {
                return null;
            }
            x[s.offset()] = clamp(u, 0, 1);
        }
        return x;
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }
}
