package dev.clusterutils.optim.es;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * nevergrad's {@code DE} and {@code TwoPointsDE}: asynchronous differential evolution on the unit
 * cube. A population of {@code max(30, num_workers)} slots is first filled with uniform points; then
 * each ask works on the next slot in turn with the current-to-best/1 donor
 * {@code parent + 0.8 (best - parent) + 0.8 (a - b)}, crossed over with the parent: uniform
 * (binomial, rate 0.5, at least one donor coordinate) for {@code DE}, one contiguous block of
 * donor coordinates between two random cut points for {@code TwoPointsDE}. A told child replaces
 * its slot's parent when it is at least as good. Children are reflected into the cube.
 */
final class DifferentialEvolution implements EsAlgorithm {

    enum Crossover { UNIFORM, TWO_POINTS }

    static final int DEFAULT_POPULATION = 30;
    private static final double F_BEST = 0.8;
    private static final double F_DIFF = 0.8;
    private static final double CROSSOVER_RATE = 0.5;

    private final int dimension;
    private final Crossover crossover;
    private final double[][] population;
    private final double[] losses;
    private final boolean[] initialAsked;
    private int cursor;

    DifferentialEvolution(int dimension, Crossover crossover, int numWorkers) {
        this.dimension = dimension;
        this.crossover = crossover;
        int size = Math.max(DEFAULT_POPULATION, numWorkers);
        this.population = new double[size][];
        this.losses = new double[size];
        this.initialAsked = new boolean[size];
    }

    @Override
    public Candidate ask(RandomGenerator rng) {
        int slot = cursor;
        cursor = (cursor + 1) % population.length;
        if (!initialAsked[slot]) {
            initialAsked[slot] = true;
            return new Candidate(EsAlgorithm.uniform(dimension, rng), slot, Double.NaN);
        }
        List<Integer> told = new ArrayList<>();
        int best = -1;
        for (int i = 0; i < population.length; i++) {
            if (population[i] != null) {
                told.add(i);
                if (best < 0 || losses[i] < losses[best]) {
                    best = i;
                }
            }
        }
        if (told.size() < 3) {
            return new Candidate(EsAlgorithm.uniform(dimension, rng), slot, Double.NaN); // nothing to recombine yet
        }
        double[] parent = population[slot] != null ? population[slot] : population[told.get(rng.nextInt(told.size()))];
        int a = told.get(rng.nextInt(told.size()));
        int b = told.get(rng.nextInt(told.size()));
        while (b == a) {
            b = told.get(rng.nextInt(told.size()));
        }
        double[] donor = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            donor[i] = parent[i] + F_BEST * (population[best][i] - parent[i])
                    + F_DIFF * (population[a][i] - population[b][i]);
        }
        double[] child = parent.clone();
        if (crossover == Crossover.TWO_POINTS && dimension > 1) {
            int p = rng.nextInt(dimension + 1);
            int q = rng.nextInt(dimension + 1);
            while (q == p) {
                q = rng.nextInt(dimension + 1);
            }
            for (int i = Math.min(p, q); i < Math.max(p, q); i++) {
                child[i] = donor[i];
            }
        } else {
            int forced = rng.nextInt(dimension);
            for (int i = 0; i < dimension; i++) {
                if (i == forced || rng.nextDouble() < CROSSOVER_RATE) {
                    child[i] = donor[i];
                }
            }
        }
        for (int i = 0; i < dimension; i++) {
            child[i] = UnitCube.reflect(child[i]);
        }
        return new Candidate(child, slot, Double.NaN);
    }

    @Override
    public void tell(Candidate candidate, double loss) {
        int slot = candidate.slot();
        if (population[slot] == null || loss <= losses[slot]) {
            population[slot] = candidate.genotype().clone();
            losses[slot] = loss;
        }
    }

    @Override
    public void tellNotAsked(double[] point, double loss) {
        int worst = -1;
        for (int i = 0; i < population.length; i++) {
            if (population[i] == null) {
                initialAsked[i] = true;
                population[i] = point.clone();
                losses[i] = loss;
                return;
            }
            if (worst < 0 || losses[i] > losses[worst]) {
                worst = i;
            }
        }
        if (loss < losses[worst]) {
            population[worst] = point.clone();
            losses[worst] = loss;
        }
    }
}
