package dev.clusterutils.space;

import java.util.random.RandomGenerator;

/**
 * Uniform draws over a parameter's range, for optimisers without a model (random search, TPE
 * start-up): uniform for TruncatedNormal, log-uniform for TruncatedLogNormal, every integer equally
 * likely for IntNormal, log-uniform over [lower-0.5, upper+0.5] then rounded for IntLogNormal (each
 * integer gets the log-width of its rounding cell), a uniform choice for Discrete.
 */
public final class UniformSampling {
    private UniformSampling() {
    }

    public static Object sample(ParamSpec spec, RandomGenerator rng) {
        double lo = spec.lower();
        double hi = spec.upper();
        return switch (spec.distribution()) {
            case Discrete -> spec.options().get(rng.nextInt(spec.options().size()));
            case TruncatedNormal -> clamp(lo + rng.nextDouble() * (hi - lo), lo, hi);
            case TruncatedLogNormal -> clamp(Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo))), lo, hi);
            case IntNormal -> (long) lo + rng.nextLong((long) hi - (long) lo + 1);
            case IntLogNormal -> {
                double a = Math.log(lo - 0.5);
                double b = Math.log(hi + 0.5);
                long v = NumericDistribution.roundHalfAwayFromZero(Math.exp(a + rng.nextDouble() * (b - a)));
                yield Math.max((long) lo, Math.min((long) hi, v));
            }
        };
    }

    static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }
}
