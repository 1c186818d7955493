package dev.clusterutils.optim.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each family on its own, on a sphere centred at 0.3 inside the unit cube. */
class EsAlgorithmTest {

    private static double sphere(double[] g) {
        double s = 0;
        for (double x : g) {
            double d = UnitCube.reflect(x) - 0.3;
            s += d * d;
        }
        return s;
    }

    /** Best value after {@code evals} evaluations in batches of {@code batch}. */
    private static double run(EsAlgorithm alg, int evals, int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double best = Double.POSITIVE_INFINITY;
        for (int done = 0; done < evals; done += batch) {
            List<Candidate> asked = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                asked.add(alg.ask(rng));
            }
            for (Candidate c : asked) {
                double v = sphere(c.genotype());
                best = Math.min(best, v);
                alg.tell(c, v);
            }
        }
        return best;
    }

    @Test
    void cmaConvergesOnATenDimensionalSphere() {
        assertTrue(run(new CmaEs(10, 1), 4000, 1, 1) < 1e-10);
    }

    @Test
    void cmaConvergesWithParallelBatches() {
        assertTrue(run(new CmaEs(10, 1), 4000, 10, 2) < 1e-8);
    }

    @Test
    void onePlusOneConverges() {
        assertTrue(run(new OnePlusOne(5), 2000, 1, 3) < 1e-8);
    }

    @Test
    void populationMethodsImproveFarOnRandom() {
        double random = run(new RandomSearch(5), 1500, 10, 4);
        assertTrue(run(new DifferentialEvolution(5, DifferentialEvolution.Crossover.UNIFORM, 1), 1500, 10, 4) < random / 10);
        assertTrue(run(new DifferentialEvolution(5, DifferentialEvolution.Crossover.TWO_POINTS, 1), 1500, 10, 4) < random / 10);
        assertTrue(run(new ParticleSwarm(5, 1), 1500, 10, 4) < random / 10);
        assertTrue(run(new Tbpsa(5, 1), 1500, 10, 4) < random / 10);
    }

    @Test
    void numWorkersRaisesThePopulation() {
        assertEquals(7, new CmaEs(3, 1).lambda()); // 4 + floor(3 ln 3)
        assertEquals(50, new CmaEs(3, 50).lambda());
    }

    @Test
    void cmaSurvivesRepeatedReplayedPoints() {
        CmaEs cma = new CmaEs(3, 1);
        for (int i = 0; i < 300; i++) {
            cma.tellNotAsked(new double[] {0.9, 0.1, 0.5}, 1.0); // the same point over and over
        }
        Candidate c = cma.ask(new SplittableRandom(5));
        for (double x : c.genotype()) {
            assertTrue(Double.isFinite(x));
        }
    }

    @Test
    void jacobiReconstructsTheMatrix() {
        double[][] m = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 1}};
        SymmetricEigen.Result r = SymmetricEigen.decompose(m);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += r.vectors()[i][k] * r.values()[k] * r.vectors()[j][k];
                }
                assertEquals(m[i][j], v, 1e-12);
            }
        }
    }
}
