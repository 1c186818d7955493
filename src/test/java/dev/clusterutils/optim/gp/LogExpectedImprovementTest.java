package dev.clusterutils.optim.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class LogExpectedImprovementTest {

    private static final NormalDistribution N = new NormalDistribution(0, 1);

    private static double directEi(double mean, double sd, double best) {
        double z = (best - mean) / sd;
        return sd * (z * N.cumulativeProbability(z) + N.density(z));
    }

    @Test
    void matchesTheTextbookFormulaWhereThatIsAccurate() {
        double[][] cases = {{0, 1, 0}, {1, 2, 0}, {-1, 0.5, 0}, {3, 1, 0.5}, {0.2, 0.01, 0.1}, {10, 2, 0}};
        for (double[] c : cases) {
            double expected = Math.log(directEi(c[0], c[1], c[2]));
            assertEquals(expected, LogExpectedImprovement.of(c[0], c[1], c[2]), 1e-9 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void isContinuousWhereTheTwoFormulasMeet() {
        double below = LogExpectedImprovement.logH(-6 - 1e-9);
        double above = LogExpectedImprovement.logH(-6 + 1e-9);
        assertEquals(above, below, 1e-7);
    }

    @Test
    void staysFiniteAndDecreasingWhereEiUnderflows() {
        double previous = Double.POSITIVE_INFINITY;
        for (double z = 5; z >= -1e4; z = z > -10 ? z - 0.5 : z * 1.5) {
            double v = LogExpectedImprovement.logH(z);
            assertTrue(Double.isFinite(v), "z=" + z);
            assertTrue(v < previous, "decreasing at z=" + z);
            previous = v;
        }
        assertEquals(0, directEi(60, 1, 0), "the plain formula underflows here");
        // asymptotically h(z) ~ phi(z) / z^2
        double z = -60;
        double asymptotic = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z);
        assertEquals(asymptotic, LogExpectedImprovement.logH(z), 1e-3);
    }

    @Test
    void aCertainPointHasNoImprovementWorthSpeakingOf() {
        assertTrue(LogExpectedImprovement.of(1, 0, 0) < -1e20);
        assertEquals(Math.log(2), LogExpectedImprovement.of(-1, 0, 1), 1e-9);
    }
}
