package dev.clusterutils.optim.tpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParzenEstimatorTest {

    @Test
    void widthsFollowOptunasNeighbourRule() {
        // kernels 0.2 and 0.5 plus the prior at 0.5: gaps 0.3 each; min width 1/min(100, 4) = 0.25
        ParzenEstimator p = ParzenEstimator.build(new double[] {0.2, 0.5}, 0, 1, 1.0);
        assertArrayEquals(new double[] {0.2, 0.5, 0.5}, p.mus(), 1e-15);
        assertArrayEquals(new double[] {0.3, 0.3, 1.0}, p.sigmas(), 1e-15);
    }

    @Test
    void observationWeightsRampForOldTrials() {
        double[] few = ParzenEstimator.observationWeights(3, 1.0);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, few, 1e-15);
        double[] many = ParzenEstimator.observationWeights(30, 1.0);
        // the 5 oldest ramp from 1/30 to 1, the 25 newest weigh 1, the prior 1; then normalised
        double ramp = 0;
        for (int i = 0; i < 5; i++) {
            ramp += 1 / 30.0 + (1 - 1 / 30.0) * i / 4.0;
        }
        double total = ramp + 25 + 1;
        assertEquals(1 / 30.0 / total, many[0], 1e-15);
        assertEquals(1 / total, many[29], 1e-15);
        assertEquals(1 / total, many[30], 1e-15);
    }

    @Test
    void densityIntegratesToOne() {
        ParzenEstimator p = ParzenEstimator.build(new double[] {-4.9, 0.3, 0.31, 2, 4.99}, -5, 5, 1.0);
        double integral = 0;
        int steps = 200_000;
        double h = 10.0 / steps;
        for (int i = 0; i < steps; i++) {
            integral += Math.exp(p.logPdf(-5 + (i + 0.5) * h)) * h;
        }
        assertEquals(1.0, integral, 1e-6);
    }

    @Test
    void integerCellsShareTheMass() {
        // integers 1..20 on [0.5, 20.5]; narrow kernels use exact masses, wide ones the midpoint rule
        double[] obs = {3, 3, 3, 7, 7, 12, 19, 20, 1};
        ParzenEstimator p = ParzenEstimator.build(obs, 0.5, 20.5, 1.0);
        assertEquals(7, p.kernels(), "equal observations merged into one kernel each, plus the prior");
        double total = 0;
        for (int k = 1; k <= 20; k++) {
            total += Math.exp(p.logMass(k - 0.5, k + 0.5));
        }
        assertEquals(1.0, total, 0.01);
    }

    @Test
    void drawsFollowTheDensity() {
        ParzenEstimator p = ParzenEstimator.build(new double[] {0.2, 0.25, 0.8}, 0, 1, 1.0);
        SplittableRandom rng = new SplittableRandom(2);
        int n = 100_000;
        int below = 0;
        for (int i = 0; i < n; i++) {
            double x = p.sample(rng);
            assertTrue(x >= 0 && x <= 1);
            if (x < 0.5) {
                below++;
            }
        }
        double expected = 0;
        int steps = 10_000;
        for (int i = 0; i < steps; i++) {
            expected += Math.exp(p.logPdf((i + 0.5) * 0.5 / steps)) * 0.5 / steps;
        }
        assertEquals(expected, below / (double) n, 0.01);
    }

    @Test
    void categoricalFavoursObservedChoices() {
        CategoricalEstimator c = CategoricalEstimator.build(new int[] {2, 2, 0}, 4, 1.0);
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += Math.exp(c.logProb(i));
        }
        assertEquals(1.0, sum, 1e-12);
        assertTrue(c.logProb(2) > c.logProb(0));
        assertTrue(c.logProb(0) > c.logProb(1));
        assertEquals(c.logProb(1), c.logProb(3), 1e-15);
    }
}
