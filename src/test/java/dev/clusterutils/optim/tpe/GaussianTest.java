package dev.clusterutils.optim.tpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GaussianTest {

    /** Reference values from scipy.stats.norm.cdf; Hart's algorithm is good to 1e-8 relative in the far tail. */
    @ParameterizedTest
    @CsvSource({
        "-30, 4.906713927147908e-198", "-10, 7.61985302416047e-24", "-8, 6.22096057427174e-16",
        "-7.1, 6.237844463331586e-13", "-7, 1.279812543885835e-12", "-5, 2.866515718791933e-07",
        "-3, 0.0013498980316300933", "-1.5, 0.06680720126885807", "-1, 0.15865525393145707",
        "-0.3, 0.3820885778110474", "0, 0.5", "0.7, 0.758036347776927", "2.5, 0.9937903346742238",
        "6, 0.9999999990134123"})
    void cdfMatchesScipy(double x, double expected) {
        assertEquals(expected, Gaussian.cdf(x), expected * (x < -3 ? 1e-8 : 1e-13));
    }

    /** Reference values from scipy.stats.norm.ppf. */
    @ParameterizedTest
    @CsvSource({
        "1e-300, -37.0470962993612", "1e-20, -9.262340089798409", "1e-05, -4.264890793922825",
        "0.02, -2.053748910631823", "0.3, -0.5244005127080409", "0.5, 0.0", "0.9, 1.2815515655446004",
        "0.99999, 4.264890793923841"})
    void inverseCdfMatchesScipy(double p, double expected) {
        assertEquals(expected, Gaussian.inverseCdf(p), 1e-9 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void massIsAccurateInBothTails() {
        assertEquals(Gaussian.cdf(-8) - Gaussian.cdf(-9), Gaussian.mass(8, 9), 1e-28);
        assertEquals(Gaussian.cdf(-8) - Gaussian.cdf(-9), Gaussian.mass(-9, -8), 1e-28);
        assertEquals(1.0, Gaussian.mass(-40, 40), 1e-15);
        assertEquals(0.0, Gaussian.mass(1, 1));
    }

    @Test
    void truncatedDrawsHaveTheTruncatedMean() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] intervals = {{-1, 2}, {1.5, 4}, {-6, -5}, {20, 21}};
        for (double[] ab : intervals) {
            double a = ab[0];
            double b = ab[1];
            double sum = 0;
            int n = 50_000;
            for (int i = 0; i < n; i++) {
                double z = Gaussian.sampleTruncated(a, b, rng);
                assertTrue(z >= a && z <= b);
                sum += z;
            }
            double expected = (pdf(a) - pdf(b)) / Gaussian.mass(a, b);
            if (a >= 20) {
                expected = a + 1 / a; // the mass underflows; draws sit at the near end
                assertEquals(a, sum / n, 0.1);
                continue;
            }
            assertEquals(expected, sum / n, 0.01, "interval " + a + ".." + b);
        }
    }

    private static double pdf(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }
}
