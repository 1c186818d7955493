package dev.clusterutils.optim.es;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * One evolution-strategy family, asynchronous: any number of candidates may be pending, and tells
 * come back in any order. Losses are minimised.
 */
sealed interface EsAlgorithm permits OnePlusOne, CmaEs, DifferentialEvolution, ParticleSwarm, RandomSearch, Tbpsa {

    Candidate ask(RandomGenerator rng);

    void tell(Candidate candidate, double loss);

    /** A point of [0, 1]^D this instance did not ask (replay after a crash). */
    void tellNotAsked(double[] point, double loss);

    /** A candidate whose job failed: it will never be told. */
    default void forget(Candidate candidate) {
    }

    static double[] centre(int dimension) {
        double[] x = new double[dimension];
        Arrays.fill(x, 0.5);
        return x;
    }

    static double[] uniform(int dimension, RandomGenerator rng) {
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = rng.nextDouble();
        }
        return x;
    }
}
