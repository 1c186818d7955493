package dev.clusterutils.optim.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.gp.GaussianProcess.Hyperparameters;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    private static final boolean[] TWO_NUMERIC = {false, false};

    private static double[][] grid(int n, SplittableRandom rng) {
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextDouble();
            x[i][1] = rng.nextDouble();
        }
        return x;
    }

    @Test
    void interpolatesItsObservationsAndIsUncertainFarFromThem() {
        double[][] x = {{0.1, 0.1}, {0.2, 0.3}, {0.3, 0.2}, {0.25, 0.25}};
        double[] y = {1.0, 3.0, -2.0, 0.5};
        GaussianProcess gp = new GaussianProcess(x, y, TWO_NUMERIC,
                new Hyperparameters(new double[] {0.2, 0.2}, 1.0, 1e-6));
        for (int i = 0; i < x.length; i++) {
            double[] p = gp.predict(x[i]);
            assertEquals(y[i], p[0], 1e-3, "mean at observation " + i);
            assertTrue(p[1] < 1e-3, "variance at an observation: " + p[1]);
        }
        double[] far = gp.predict(new double[] {0.95, 0.95});
        double sd = Math.sqrt(far[1]);
        // far away: back to the prior, i.e. the targets' mean and (standardised) unit spread
        assertEquals(0.625, far[0], 0.05);
        assertTrue(sd > 1.5 && sd < 2.3, "prior sd in the targets' units (their sd is 1.8): " + sd);
    }

    @Test
    void fittingFindsTheIrrelevantDimensionAndRaisesTheLikelihood() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = grid(30, rng);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.sin(6 * x[i][0]);
        }
        Hyperparameters start = Hyperparameters.initial(2);
        Hyperparameters fitted = GaussianProcess.fit(x, y, TWO_NUMERIC, rng, 3, 200, null);
        double before = new GaussianProcess(x, y, TWO_NUMERIC, start).logMarginalLikelihood();
        GaussianProcess gp = new GaussianProcess(x, y, TWO_NUMERIC, fitted);
        assertTrue(gp.logMarginalLikelihood() > before + 10, before + " -> " + gp.logMarginalLikelihood());
        double[] l = fitted.lengthScales();
        assertTrue(l[1] > 3 * l[0], "x1 does not matter, so its length scale is longer: " + l[0] + ", " + l[1]);
        assertTrue(fitted.noiseVariance() < 1e-2, "noise-free data: " + fitted.noiseVariance());
        double[] p = gp.predict(new double[] {0.5, 0.77});
        assertEquals(Math.sin(3), p[0], 0.05, "predicts between the observations");
    }

    @Test
    void noisyDataGetsANoiseEstimate() {
        SplittableRandom rng = new SplittableRandom(2);
        double[][] x = grid(40, rng);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i][0] + 0.3 * (rng.nextDouble() - 0.5) * 2;
        }
        Hyperparameters fitted = GaussianProcess.fit(x, y, TWO_NUMERIC, rng, 3, 200, null);
        assertTrue(fitted.noiseVariance() > 0.05, "noise relative to the standardised targets: "
                + fitted.noiseVariance());
    }

    @Test
    void categoricalColumnsCompareByEquality() {
        boolean[] cat = {true, false};
        double[][] x = {{0, 0.5}, {1, 0.5}, {2, 0.5}, {0, 0.6}, {1, 0.6}, {2, 0.6}};
        double[] y = {0, 5, 0, 0, 5, 0};
        Hyperparameters fitted = GaussianProcess.fit(x, y, cat, new SplittableRandom(3), 3, 200, null);
        GaussianProcess gp = new GaussianProcess(x, y, cat, fitted);
        assertEquals(5, gp.predict(new double[] {1, 0.55})[0], 0.5);
        assertEquals(0, gp.predict(new double[] {2, 0.55})[0], 0.5);
        double inv = 1 / (0.3 * 0.3);
        assertEquals(GaussianProcess.kernel(new double[] {0, 0.5}, new double[] {7, 0.5},
                new double[] {inv, 1}, cat, 1.0),
                GaussianProcess.kernel(new double[] {0, 0.5}, new double[] {1, 0.5}, new double[] {inv, 1}, cat, 1.0),
                1e-15, "any two different options are equally far apart");
    }

    @Test
    void warmStartIsKeptWhenNothingBetterIsFound() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] x = grid(15, rng);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i][0] * x[i][1];
        }
        Hyperparameters first = GaussianProcess.fit(x, y, TWO_NUMERIC, rng, 3, 300, null);
        Hyperparameters again = GaussianProcess.fit(x, y, TWO_NUMERIC, rng, 1, 10, first);
        double a = new GaussianProcess(x, y, TWO_NUMERIC, first).logMarginalLikelihood();
        double b = new GaussianProcess(x, y, TWO_NUMERIC, again).logMarginalLikelihood();
        assertTrue(b >= a - 1e-9, a + " vs " + b);
    }

    @Test
    void constantTargetsAndASinglePointWork() {
        double[][] x = {{0.5, 0.5}};
        GaussianProcess one = new GaussianProcess(x, new double[] {3}, TWO_NUMERIC, Hyperparameters.initial(2));
        assertEquals(3, one.predict(new double[] {0.5, 0.5})[0], 1e-3);
        double[][] x3 = {{0.1, 0.1}, {0.5, 0.5}, {0.9, 0.9}};
        Hyperparameters h = GaussianProcess.fit(x3, new double[] {2, 2, 2}, TWO_NUMERIC, new SplittableRandom(5), 2, 50,
                null);
        assertEquals(2, new GaussianProcess(x3, new double[] {2, 2, 2}, TWO_NUMERIC, h).predict(new double[] {0.3, 0.7})[0],
                1e-6);
    }

    @Test
    void predictingManyPointsAtOnceAgreesWithOneByOne() {
        SplittableRandom rng = new SplittableRandom(9);
        double[][] x = grid(25, rng);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.cos(4 * x[i][0]) + x[i][1];
        }
        GaussianProcess gp = new GaussianProcess(x, y, TWO_NUMERIC,
                new Hyperparameters(new double[] {0.3, 0.6}, 1.2, 1e-4));
        double[][] points = grid(7, rng);
        double[][] all = gp.predictAll(points);
        for (int c = 0; c < points.length; c++) {
            double[] one = gp.predict(points[c]);
            assertEquals(one[0], all[0][c], 1e-9);
            assertEquals(one[1], all[1][c], 1e-9);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> new GaussianProcess(new double[0][], new double[0], TWO_NUMERIC, Hyperparameters.initial(2)));
        assertThrows(IllegalArgumentException.class, () -> new GaussianProcess(new double[][] {{0.1, 0.2}},
                new double[] {Double.NaN}, TWO_NUMERIC, Hyperparameters.initial(2)));
        assertThrows(IllegalArgumentException.class, () -> new GaussianProcess(new double[][] {{0.1}},
                new double[] {1}, TWO_NUMERIC, Hyperparameters.initial(2)));
    }
}
