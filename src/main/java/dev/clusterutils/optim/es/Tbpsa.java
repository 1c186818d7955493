package dev.clusterutils.optim.es;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * nevergrad's {@code TBPSA} reduced to its core: a (mu/mu, lambda) evolution strategy with
 * self-adaptive step sizes. Every candidate carries its own step {@code sigma * exp(N(0,1)/sqrt(D))};
 * after {@code lambda = max(4 D, 8, num_workers)} tells the mean moves to the average of the best
 * quarter and the step to their geometric mean. nevergrad's test-based population-size adaptation
 * for noisy objectives is not implemented: the population size is fixed.
 */
final class Tbpsa implements EsAlgorithm {
    static final double INITIAL_SIGMA = 0.2;

    private record Evaluated(double[] x, double sigma, double loss) {
    }

    private final int dimension;
    private final int lambda;
    private final int mu;
    private final double tau;
    private final double[] mean;
    private double sigma = INITIAL_SIGMA;
    private final List<Evaluated> buffer = new ArrayList<>();

    Tbpsa(int dimension, int numWorkers) {
        this.dimension = dimension;
        this.lambda = Math.max(Math.max(4 * dimension, 8), numWorkers);
        this.mu = Math.max(1, lambda / 4);
        this.tau = 1 / Math.sqrt(Math.max(1, dimension));
        this.mean = EsAlgorithm.centre(dimension);
    }

    @Override
    public Candidate ask(RandomGenerator rng) {
        double s = sigma * Math.exp(tau * rng.nextGaussian());
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = mean[i] + s * rng.nextGaussian();
        }
        return new Candidate(x, -1, s);
    }

    @Override
    public void tell(Candidate candidate, double loss) {
        add(new Evaluated(candidate.genotype().clone(), candidate.sigma(), loss));
    }

    @Override
    public void tellNotAsked(double[] point, double loss) {
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = UnitCube.nearestImage(point[i], mean[i]);
        }
        add(new Evaluated(x, sigma, loss));
    }

    private void add(Evaluated e) {
        buffer.add(e);
        if (buffer.size() < lambda) {
            return;
        }
        buffer.sort(Comparator.comparingDouble(Evaluated::loss));
        double[] m = new double[dimension];
        double logSigma = 0;
        for (int k = 0; k < mu; k++) {
            for (int i = 0; i < dimension; i++) {
                m[i] += buffer.get(k).x()[i] / mu;
            }
            logSigma += Math.log(buffer.get(k).sigma()) / mu;
        }
        System.arraycopy(m, 0, mean, 0, dimension);
        sigma = Math.max(1e-12, Math.min(2.0, Math.exp(logSigma)));
        buffer.clear();
    }
}
