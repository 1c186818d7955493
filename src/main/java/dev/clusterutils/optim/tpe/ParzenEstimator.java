package dev.clusterutils.optim.tpe;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A mixture of truncated normals on [low, high], one kernel per observation plus a wide prior
 * kernel, built the way Optuna's univariate TPE builds it: each kernel's width is the larger gap to
 * its sorted neighbours, clipped to [(high-low)/min(100, 1+kernels), high-low]; the prior kernel
 * sits in the middle with width high-low; kernel weights ramp up with recency (see
 * {@link #observationWeights}).
 */
final class ParzenEstimator {
    private final double low;
    private final double high;
    private final double[] mus;
    private final double[] sigmas;
    /** log(weight) - log(mass of the kernel inside [low, high]). */
    private final double[] logScale;
    /** logScale - log(sigma) - log(sqrt(2 pi)): the constant part of each kernel's log density. */
    private final double[] logDensityConst;
    private final double[] cumulative;

    private ParzenEstimator(double low, double high, double[] mus, double[] sigmas, double[] weights) {
        this.low = low;
        this.high = high;
        this.mus = mus;
        this.sigmas = sigmas;
        int k = mus.length;
        this.logScale = new double[k];
        this.logDensityConst = new double[k];
        this.cumulative = new double[k];
        double cum = 0;
        for (int i = 0; i < k; i++) {
            double a = (low - mus[i]) / sigmas[i];
            double b = (high - mus[i]) / sigmas[i];
            // a kernel more than 8.3 sigma inside both bounds loses less than 1e-16 to truncation
            double logMass = a < -8.3 && b > 8.3 ? 0 : Math.log(Math.max(Gaussian.mass(a, b), Double.MIN_NORMAL));
            logScale[i] = Math.log(weights[i]) - logMass;
            logDensityConst[i] = logScale[i] - Math.log(sigmas[i]) - Gaussian.LOG_SQRT_2PI;
            cum += weights[i];
            cumulative[i] = cum;
        }
    }

    /**
     * @param observations in trial order, oldest first (the order decides the weights)
     */
    static ParzenEstimator build(double[] observations, double low, double high, double priorWeight) {
        int n = observations.length;
        double range = high - low;
        double priorMu = 0.5 * (low + high);
        double[] sortedMus = Arrays.copyOf(observations, n + 1);
        sortedMus[n] = priorMu; // the prior takes part in the neighbour gaps, as in Optuna
        Arrays.sort(sortedMus);
        double[] withEnds = new double[n + 3];
        withEnds[0] = low;
        System.arraycopy(sortedMus, 0, withEnds, 1, n + 1);
        withEnds[n + 2] = high;
        double[] gap = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            gap[i] = Math.max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
        }
        if (withEnds.length >= 4) {
            // the outermost kernels ignore the distance to the bound (Optuna: consider_endpoints=False)
            gap[0] = withEnds[2] - withEnds[1];
            gap[n] = withEnds[n + 1] - withEnds[n];
        }
        // Equal observations (frequent for integers) share the width of the first of them in sorted
        // order, where Optuna's widths depend on how its sort orders ties. Kernels with equal centre
        // and width are then one kernel with the summed weight: the same mixture, far fewer terms.
        int[] firstOfRun = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            firstOfRun[i] = sortedMus[i] == sortedMus[i - 1] ? firstOfRun[i - 1] : i;
        }
        double[] w = observationWeights(n, priorWeight);
        double[] weightAt = new double[n + 1];
        for (int i = 0; i < n; i++) {
            weightAt[firstOfRun[Arrays.binarySearch(sortedMus, observations[i])]] += w[i];
        }
        double minSigma = range / Math.min(100.0, 1.0 + (n + 1));
        int kernels = 1;
        for (int pos = 0; pos <= n; pos++) {
            if (weightAt[pos] > 0) {
                kernels++;
            }
        }
        double[] mus = new double[kernels];
        double[] sigmas = new double[kernels];
        double[] weights = new double[kernels];
        int k = 0;
        for (int pos = 0; pos <= n; pos++) {
            if (weightAt[pos] > 0) {
                mus[k] = sortedMus[pos];
                sigmas[k] = Math.max(minSigma, Math.min(range, gap[pos]));
                weights[k] = weightAt[pos];
                k++;
            }
        }
        mus[k] = priorMu;
        sigmas[k] = range;
        weights[k] = w[n];
        return new ParzenEstimator(low, high, mus, sigmas, weights);
    }

    int kernels() {
        return mus.length;
    }

    double[] sigmas() {
        return sigmas.clone();
    }

    double[] mus() {
        return mus.clone();
    }

    /**
     * Optuna's default weights, normalised with the prior's appended: 1 for up to 25 observations;
     * beyond that the 25 most recent get 1 and older ones ramp linearly from 1/n, so that old trials
     * fade.
     */
    static double[] observationWeights(int n, double priorWeight) {
        double[] w = new double[n + 1];
        if (n < 25) {
            Arrays.fill(w, 0, n, 1.0);
        } else {
            int ramp = n - 25;
            for (int i = 0; i < ramp; i++) {
                w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
            }
            Arrays.fill(w, ramp, n, 1.0);
        }
        w[n] = priorWeight;
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        for (int i = 0; i <= n; i++) {
            w[i] /= sum;
        }
        return w;
    }

    double sample(RandomGenerator rng) {
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int k = Arrays.binarySearch(cumulative, u);
        k = k >= 0 ? Math.min(k + 1, cumulative.length - 1) : -k - 1;
        k = Math.min(k, cumulative.length - 1);
        double z = Gaussian.sampleTruncated((low - mus[k]) / sigmas[k], (high - mus[k]) / sigmas[k], rng);
        return Math.max(low, Math.min(high, mus[k] + sigmas[k] * z));
    }

    /** log density at x (a continuous parameter). */
    double logPdf(double x) {
        LogSum sum = new LogSum();
        for (int k = 0; k < mus.length; k++) {
            double z = (x - mus[k]) / sigmas[k];
            sum.add(logDensityConst[k] - 0.5 * z * z);
        }
        return sum.value();
    }

    /**
     * log probability of [a, b] (the rounding cell of an integer parameter). Kernels much wider than
     * the cell use the midpoint rule (relative error below 1 %), narrow ones the exact normal mass.
     */
    double logMass(double a, double b) {
        double lo = Math.max(a, low);
        double hi = Math.min(b, high);
        double width = hi - lo;
        double mid = 0.5 * (lo + hi);
        double logWidth = Math.log(width);
        LogSum sum = new LogSum();
        for (int k = 0; k < mus.length; k++) {
            if (sigmas[k] > 2 * width) {
                double z = (mid - mus[k]) / sigmas[k];
                sum.add(logDensityConst[k] - 0.5 * z * z + logWidth);
            } else {
                double za = (lo - mus[k]) / sigmas[k];
                double zb = (hi - mus[k]) / sigmas[k];
                double near = za > 0 ? za : zb < 0 ? -zb : 0;
                // mass <= (cell width / sigma) * pdf(nearest edge): skip kernels that cannot matter
                double bound = logScale[k] + logWidth - Math.log(sigmas[k]) - Gaussian.LOG_SQRT_2PI - 0.5 * near * near;
                if (bound > sum.max() - 40) {
                    sum.add(logScale[k] + Math.log(Math.max(Gaussian.mass(za, zb), Double.MIN_NORMAL)));
                }
            }
        }
        return sum.value();
    }

    /** One-pass log-sum-exp; terms more than 40 below the running maximum (< 1e-17 relative) are skipped. */
    private static final class LogSum {
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;

        void add(double t) {
            if (t <= max) {
                if (t > max - 40) {
                    sum += Math.exp(t - max);
                }
            } else {
                sum = (max == Double.NEGATIVE_INFINITY || max < t - 40 ? 0 : sum * Math.exp(max - t)) + 1;
                max = t;
            }
        }

        double max() {
            return max;
        }

        double value() {
            return max == Double.NEGATIVE_INFINITY ? max : max + Math.log(sum);
        }
    }
}
