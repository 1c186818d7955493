package dev.clusterutils.optim.es;

/**
 * What an algorithm asked: its genotype in R^D (evaluated at {@link UnitCube#reflect reflected}
 * coordinates), plus bookkeeping the algorithm needs back at tell time: the population slot or
 * particle it belongs to, and its own step size for self-adaptive strategies.
 */
record Candidate(double[] genotype, int slot, double sigma) {
    static Candidate of(double[] genotype) {
        return new Candidate(genotype, -1, Double.NaN);
    }
}
