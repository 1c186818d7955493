package dev.clusterutils.optim.gp;

import org.hipparchus.special.Erf;

/**
 * The logarithm of expected improvement for minimisation, computed without underflow: far from
 * the incumbent EI itself is below the smallest double, yet its logarithm still ranks candidates,
 * which is what keeps a local search moving on flat regions (Ament et al., "Unexpected improvements
 * to expected improvement", 2023).
 */
public final class LogExpectedImprovement {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2);
    // below this z the direct formula loses digits to cancellation; above it the continued fraction converges slowly
    private static final double SWITCH = -6;
    private static final int FRACTION_TERMS = 60;
    private static final double MIN_SD = 1e-12;

    private LogExpectedImprovement() {
    }

    /** log E[max(best - f, 0)] for f ~ N(mean, sd^2). */
    public static double of(double mean, double sd, double best) {
        double s = Math.max(sd, MIN_SD);
        double z = (best - mean) / s;
        return Math.log(s) + logH(z);
    }

    /** log(z Phi(z) + phi(z)), the expected improvement of a standard normal over -z. */
    static double logH(double z) {
        if (z > SWITCH) {
            double cdf = 0.5 * Erf.erfc(-z / SQRT2);
            double pdf = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
            return Math.log(z * cdf + pdf);
        }
        // With x = -z, Mills' ratio m = Phi(-x)/phi(x) = 1/(x + t) where t = 1/(x + 2/(x + 3/(x + ...))),
        // and h(z) = phi(z) (1 - x m) = phi(z) t m, a product of positive terms with no cancellation.
        double x = -z;
        double f = 0;
        for (int k = FRACTION_TERMS; k >= 2; k--) {
            f = k / (x + f);
        }
        double t = 1 / (x + f);
        double m = 1 / (x + t);
        return -0.5 * z * z - LOG_SQRT_2PI + Math.log(t) + Math.log(m);
    }
}
