package dev.clusterutils.optim.tpe;

import java.util.random.RandomGenerator;

/**
 * Optuna's categorical Parzen estimator collapsed into one distribution: every observation is a
 * kernel with {@code prior_weight / kernels} on each choice plus 1 on the observed one, the prior
 * kernel is uniform, and the kernels are mixed with {@link ParzenEstimator#observationWeights}.
 */
final class CategoricalEstimator {
    private final double[] probs;
    private final double[] logProbs;

    private CategoricalEstimator(double[] probs) {
        this.probs = probs;
        this.logProbs = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            logProbs[i] = Math.log(probs[i]);
        }
    }

    /** @param observations choice indices in trial order, oldest first */
    static CategoricalEstimator build(int[] observations, int choices, double priorWeight) {
        int n = observations.length;
        double[] p = new double[choices];
        double[] w = ParzenEstimator.observationWeights(n, priorWeight);
        int kernels = n + 1;
        double base = priorWeight / kernels;
        double rowSum = 1 + base * choices;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < choices; c++) {
                p[c] += w[i] * base / rowSum;
            }
            p[observations[i]] += w[i] / rowSum;
        }
        for (int c = 0; c < choices; c++) {
            p[c] += w[n] / choices;
        }
        return new CategoricalEstimator(p);
    }

    int sample(RandomGenerator rng) {
        double u = rng.nextDouble();
        double cum = 0;
        for (int i = 0; i < probs.length; i++) {
            cum += probs[i];
            if (u < cum) {
                return i;
            }
        }
        return probs.length - 1;
    }

    double logProb(int choice) {
        return logProbs[choice];
    }
}
