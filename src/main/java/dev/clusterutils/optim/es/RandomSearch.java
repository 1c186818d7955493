package dev.clusterutils.optim.es;

import java.util.random.RandomGenerator;

/** nevergrad's {@code RandomSearch}: uniform points of the unit cube, nothing learned. */
final class RandomSearch implements EsAlgorithm {
    private final int dimension;

    RandomSearch(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public Candidate ask(RandomGenerator rng) {
        return Candidate.of(EsAlgorithm.uniform(dimension, rng));
    }

    @Override
    public void tell(Candidate candidate, double loss) {
    }

    @Override
    public void tellNotAsked(double[] point, double loss) {
    }
}
