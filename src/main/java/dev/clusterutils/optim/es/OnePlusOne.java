package dev.clusterutils.optim.es;

import java.util.random.RandomGenerator;

/**
 * nevergrad's {@code OnePlusOne}: a (1+1)-ES. The first candidate is the centre of the cube, later
 * ones are Gaussian mutations of the best point told so far. The step size follows the one-fifth
 * rule: doubled after an improvement, multiplied by 2^(-1/4) after a failure, so it is stable at a
 * 20 % success rate. With parallel jobs many children of the same parent are pending; each tell
 * adapts the step as it arrives.
 */
final class OnePlusOne implements EsAlgorithm {
    static final double INITIAL_SIGMA = 0.2;
    private static final double SUCCESS_FACTOR = 2.0;
    private static final double FAILURE_FACTOR = Math.pow(2.0, -0.25);

    private final int dimension;
    private double[] parent;
    private double parentLoss = Double.POSITIVE_INFINITY;
    private double sigma = INITIAL_SIGMA;
    private boolean centreAsked;

    OnePlusOne(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public Candidate ask(RandomGenerator rng) {
        if (parent == null && !centreAsked) {
            centreAsked = true;
            return Candidate.of(EsAlgorithm.centre(dimension));
        }
        double[] base = parent != null ? parent : EsAlgorithm.centre(dimension);
        double[] child = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            child[i] = base[i] + sigma * rng.nextGaussian();
        }
        return Candidate.of(child);
    }

    @Override
    public void tell(Candidate candidate, double loss) {
        update(candidate.genotype(), loss);
    }

    @Override
    public void tellNotAsked(double[] point, double loss) {
        double[] g = point.clone();
        if (parent != null) {
            for (int i = 0; i < dimension; i++) {
                g[i] = UnitCube.nearestImage(point[i], parent[i]);
            }
        }
        update(g, loss);
    }

    private void update(double[] genotype, double loss) {
        if (parent == null) {
            parent = genotype.clone();
            parentLoss = loss;
            return; // the first point sets the parent; it says nothing about the step size
        }
        if (loss <= parentLoss) {
            parent = genotype.clone();
            parentLoss = loss;
            sigma = Math.min(1.0, sigma * SUCCESS_FACTOR);
        } else {
            sigma = Math.max(1e-8, sigma * FAILURE_FACTOR);
        }
    }
}
