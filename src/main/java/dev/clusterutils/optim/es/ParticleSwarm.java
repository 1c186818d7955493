package dev.clusterutils.optim.es;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * nevergrad's {@code PSO}: particle swarm optimisation on the unit cube with the SPSO-2011
 * constants (inertia 1/(2 ln 2), attraction 0.5 + ln 2 to the particle's and the swarm's best).
 * {@code max(40, num_workers)} particles, moved one per ask in turn; a particle that leaves the
 * cube stops at the wall with zero velocity in that coordinate. Told losses update the particle's
 * and the swarm's best points.
 */
final class ParticleSwarm implements EsAlgorithm {
    static final int DEFAULT_SWARM = 40;
    private static final double INERTIA = 1 / (2 * Math.log(2));
    private static final double ATTRACTION = 0.5 + Math.log(2);

    private final int dimension;
    private final double[][] position;
    private final double[][] velocity;
    private final double[][] personalBest;
    private final double[] personalBestLoss;
    private double[] globalBest;
    private double globalBestLoss = Double.POSITIVE_INFINITY;
    private int cursor;

    ParticleSwarm(int dimension, int numWorkers) {
        this.dimension = dimension;
        int size = Math.max(DEFAULT_SWARM, numWorkers);
        this.position = new double[size][];
        this.velocity = new double[size][];
        this.personalBest = new double[size][];
        this.personalBestLoss = new double[size];
        Arrays.fill(personalBestLoss, Double.POSITIVE_INFINITY);
    }

    @Override
    public Candidate ask(RandomGenerator rng) {
        int i = cursor;
        cursor = (cursor + 1) % position.length;
        if (position[i] == null) {
            double[] x = EsAlgorithm.uniform(dimension, rng);
            double[] v = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                v[d] = (rng.nextDouble() - x[d]) / 2;
            }
            position[i] = x;
            velocity[i] = v;
            return new Candidate(x.clone(), i, Double.NaN);
        }
        double[] x = position[i];
        double[] v = velocity[i];
        double[] p = personalBest[i] != null ? personalBest[i] : x;
        double[] g = globalBest != null ? globalBest : p;
        for (int d = 0; d < dimension; d++) {
            v[d] = INERTIA * v[d] + ATTRACTION * rng.nextDouble() * (p[d] - x[d])
                    + ATTRACTION * rng.nextDouble() * (g[d] - x[d]);
            x[d] += v[d];
            if (x[d] < 0 || x[d] > 1) {
                x[d] = Math.max(0, Math.min(1, x[d]));
                v[d] = 0;
            }
        }
        return new Candidate(x.clone(), i, Double.NaN);
    }

    @Override
    public void tell(Candidate candidate, double loss) {
        int i = candidate.slot();
        if (loss < personalBestLoss[i]) {
            personalBest[i] = candidate.genotype().clone();
            personalBestLoss[i] = loss;
        }
        tellNotAsked(candidate.genotype(), loss);
    }

    @Override
    public void tellNotAsked(double[] point, double loss) {
        if (loss < globalBestLoss) {
            globalBest = point.clone();
            globalBestLoss = loss;
        }
    }
}
