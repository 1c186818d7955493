package dev.clusterutils.optim.tpe;

import java.util.random.RandomGenerator;

/** Standard normal CDF, quantile and truncated draws, accurate in the tails where TPE needs them. */
final class Gaussian {
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private Gaussian() {
    }

    /**
     * Φ(x) by Hart's algorithm (Hart 1968, as given by G. West, "Better approximations to cumulative
     * normal functions", 2005): relative error below 1e-13 down to -3 and below 1e-8 in the far tail
     * (checked against SciPy), exactly 0 below -37. TPE needs a few digits, and speed.
     */
    static double cdf(double x) {
        double ax = Math.abs(x);
        double c;
        if (ax > 37) {
            c = 0;
        } else {
            double e = Math.exp(-ax * ax / 2);
            if (ax < 7.07106781186547) {
                double b = 3.52624965998911E-02 * ax + 0.700383064443688;
                b = b * ax + 6.37396220353165;
                b = b * ax + 33.912866078383;
                b = b * ax + 112.079291497871;
                b = b * ax + 221.213596169931;
                b = b * ax + 220.206867912376;
                c = e * b;
                b = 8.83883476483184E-02 * ax + 1.75566716318264;
                b = b * ax + 16.064177579207;
                b = b * ax + 86.7807322029461;
                b = b * ax + 296.564248779674;
                b = b * ax + 637.333633378831;
                b = b * ax + 793.826512519948;
                b = b * ax + 440.413735824752;
                c = c / b;
            } else {
                double b = ax + 0.65;
                b = ax + 4 / b;
                b = ax + 3 / b;
                b = ax + 2 / b;
                b = ax + 1 / b;
                c = e / b / 2.506628274631;
            }
        }
        return x > 0 ? 1 - c : c;
    }

    /** P(a < Z < b), computed on the side where the tail probabilities are small and exact. */
    static double mass(double a, double b) {
        if (!(a < b)) {
            return 0;
        }
        if (a >= 0) {
            return cdf(-a) - cdf(-b);
        }
        if (b <= 0) {
            return cdf(b) - cdf(a);
        }
        return 1 - cdf(a) - cdf(-b);
    }

    /** Φ⁻¹(p): Acklam's rational approximation polished by one Halley step. */
    static double inverseCdf(double p) {
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        double x;
        double pLow = 0.02425;
        if (p < pLow) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        } else if (p <= 1 - pLow) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log1p(-p));
            x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        if (Math.abs(x) < 37) {
            double e = cdf(x) - p;
            double u = e * SQRT_2PI * Math.exp(x * x / 2);
            x = x - u / (1 + x * u / 2);
        }
        return x;
    }

    /** A standard normal draw conditioned on [a, b], by inversion on the side with the small tail. */
    static double sampleTruncated(double a, double b, RandomGenerator rng) {
        if (a >= 0) {
            return -sampleTruncated(-b, -a, rng);
        }
        double pa = cdf(a);
        double pb = cdf(b);
        if (!(pb > pa)) {
            return b < 0 ? b : Math.max(a, Math.min(b, 0)); // interval lost in the tail: its nearest end
        }
        double z = inverseCdf(pa + rng.nextDouble() * (pb - pa));
        return Math.max(a, Math.min(b, z));
    }

    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
}
