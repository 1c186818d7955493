package dev.clusterutils.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumericDistributionTest {

    private static final int N = 20_000;

    @Test
    void initialCentreAndSpread() {
        NumericDistribution lin = NumericDistribution.initial(Specs.numeric("x", Distribution.TruncatedNormal, -3.0, 5.0));
        assertEquals(1.0, lin.centre());
        assertEquals(2.0, lin.spread());
        assertNull(lin.lastCentre());
        NumericDistribution log = NumericDistribution.initial(Specs.numeric("y", Distribution.TruncatedLogNormal, 1e-2, 1e2));
        assertEquals(0.0, log.centre(), 1e-12);
        assertEquals(Math.log(1e4) / 4, log.spread(), 1e-12);
    }

    @Test
    void fitNeedsFiveValues() {
        NumericDistribution d = NumericDistribution.initial(Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 10.0));
        assertSame(d, d.fit(List.of(1.0, 2.0, 3.0, 4.0)));
        assertSame(d, d.fit(List.of(1.0, 2.0, 3.0, 4.0, "not a number")));
    }

    @Test
    void fitIsMaximumLikelihoodWithPopulationStd() {
        NumericDistribution d = NumericDistribution.initial(Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 10.0))
                .fit(List.of(1.0, 2L, 3.0, 4.0, 5.0));
        assertEquals(3.0, d.centre(), 1e-12);
        assertEquals(Math.sqrt(2.0), d.spread(), 1e-12);
        assertEquals(5.0, d.lastCentre()); // the initial centre became the momentum memory
    }

    @Test
    void logFitWorksOnLogValues() {
        NumericDistribution d = NumericDistribution.initial(Specs.numeric("y", Distribution.TruncatedLogNormal, 1e-3, 1e3))
                .fit(List.of(0.1, 0.1, 1.0, 10.0, 10.0));
        assertEquals(0.0, d.centre(), 1e-12);
        assertEquals(Math.sqrt(4 * Math.log(10) * Math.log(10) / 5), d.spread(), 1e-12);
    }

    @Test
    void momentumMemoryIsReplacedOnlyOnARealMoveAndNeverCleared() {
        NumericDistribution d = NumericDistribution.initial(Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 10.0));
        d = d.fit(List.of(4.0, 4.0, 4.0, 4.0, 4.0)); // 5 -> 4
        assertEquals(5.0, d.lastCentre());
        d = d.fit(List.of(4.0005, 4.0005, 4.0005, 4.0005, 4.0005)); // moves less than 1e-3
        assertEquals(4.0005, d.centre(), 1e-12);
        assertEquals(5.0, d.lastCentre());
        assertEquals(4 * 4.0005 - 3 * 5.0, d.momentumCentre(), 1e-12);
    }

    @Test
    void momentumFallsBackToTheCentreOutsideTheBounds() {
        ParamSpec spec = Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 10.0);
        assertEquals(8.0, new NumericDistribution(spec, 5.0, 1.0, 4.0).momentumCentre());
        assertEquals(5.0, new NumericDistribution(spec, 5.0, 1.0, 1.0).momentumCentre()); // 4*5-3 = 17 > 10
    }

    @Test
    void logMomentumIsCheckedAgainstLogBounds() {
        // bounds [1e-5, 1]: the log centre is negative, so the original's linear check never allowed momentum
        ParamSpec spec = Specs.numeric("lr", Distribution.TruncatedLogNormal, 1e-5, 1.0);
        NumericDistribution d = new NumericDistribution(spec, Math.log(1e-3), 0.5, Math.log(3e-3));
        assertEquals(4 * Math.log(1e-3) - 3 * Math.log(3e-3), d.momentumCentre(), 1e-12);
        // bounds [1, 1000]: log momentum beyond ln(1000) falls back, although it is below 1000
        ParamSpec wide = Specs.numeric("n", Distribution.TruncatedLogNormal, 1.0, 1000.0);
        NumericDistribution w = new NumericDistribution(wide, 6.0, 0.5, 5.0);
        assertEquals(6.0, w.momentumCentre());
    }

    @Test
    void samplesFollowTheCentreAndSpread() {
        ParamSpec spec = Specs.numeric("x", Distribution.TruncatedNormal, -100.0, 100.0, false);
        NumericDistribution d = new NumericDistribution(spec, 3.0, 2.0, null);
        double[] s = draw(d, 1);
        assertEquals(3.0, mean(s), 0.05);
        assertEquals(2.0, std(s), 0.05);
    }

    @Test
    void momentumShiftsTheSamples() {
        ParamSpec spec = Specs.numeric("x", Distribution.TruncatedNormal, -100.0, 100.0, false);
        double[] s = draw(new NumericDistribution(spec, 3.0, 1.0, 2.0), 2);
        assertEquals(6.0, mean(s), 0.05);
    }

    @Test
    void logSamplesAreLogNormal() {
        ParamSpec spec = Specs.numeric("y", Distribution.TruncatedLogNormal, 1e-8, 1e8, false);
        double[] s = draw(new NumericDistribution(spec, Math.log(0.01), 1.5, null), 3);
        double[] logs = java.util.Arrays.stream(s).map(Math::log).toArray();
        assertEquals(Math.log(0.01), mean(logs), 0.05);
        assertEquals(1.5, std(logs), 0.05);
    }

    @Test
    void clippedValuesTakeTheBoundsTypeAndPileUp() {
        ParamSpec spec = Specs.numeric("x", Distribution.TruncatedNormal, 0L, 1L, false);
        NumericDistribution d = new NumericDistribution(spec, 0.5, 1.0, null);
        SplittableRandom rng = new SplittableRandom(4);
        int atLower = 0;
        int atUpper = 0;
        for (int i = 0; i < N; i++) {
            Object v = d.sample(rng);
            if (v instanceof Long l) {
                if (l == 0L) {
                    atLower++;
                } else {
                    assertEquals(1L, l);
                    atUpper++;
                }
            } else {
                double x = assertInstanceOf(Double.class, v);
                assertTrue(x >= 0 && x <= 1);
            }
        }
        // P(N(0.5, 1) < 0) = P(Z < -0.5) = 0.3085 on each side
        assertEquals(0.3085, atLower / (double) N, 0.015);
        assertEquals(0.3085, atUpper / (double) N, 0.015);
    }

    @Test
    void doubleBoundsGiveDoublesWhenClipped() {
        ParamSpec spec = Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 1.0, false);
        NumericDistribution d = new NumericDistribution(spec, 0.5, 10.0, null);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            assertInstanceOf(Double.class, d.sample(rng));
        }
    }

    @Test
    void integerRoundingIsHalfAwayFromZero() {
        assertEquals(-3, NumericDistribution.roundHalfAwayFromZero(-2.7));
        assertEquals(-3, NumericDistribution.roundHalfAwayFromZero(-2.5));
        assertEquals(-2, NumericDistribution.roundHalfAwayFromZero(-2.4));
        assertEquals(3, NumericDistribution.roundHalfAwayFromZero(2.5));
        assertEquals(2, NumericDistribution.roundHalfAwayFromZero(2.4));
        assertEquals(0, NumericDistribution.roundHalfAwayFromZero(-0.4));
    }

    @Test
    void integerSamplesAreUnbiasedAroundZero() {
        // the original's int(x + 0.5) pulled negative draws toward zero: mean about +0.2 here
        ParamSpec spec = Specs.numeric("w", Distribution.IntNormal, -50L, 50L, false);
        NumericDistribution d = new NumericDistribution(spec, 0.0, 3.0, null);
        SplittableRandom rng = new SplittableRandom(6);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += assertInstanceOf(Long.class, d.sample(rng));
        }
        assertEquals(0.0, sum / N, 0.05);
    }

    @Test
    void intLogValuesAreLongsWithinBounds() {
        ParamSpec spec = Specs.numeric("v", Distribution.IntLogNormal, 1L, 1000L);
        ParamDistribution d = ParamDistribution.initial(spec);
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            long v = assertInstanceOf(Long.class, d.sample(rng));
            assertTrue(v >= 1 && v <= 1000);
        }
    }

    @Test
    void smartRoundedSamplesAreCoarse() {
        ParamSpec spec = Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 4.0);
        ParamDistribution d = ParamDistribution.initial(spec);
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 500; i++) {
            double v = ((Number) d.sample(rng)).doubleValue();
            String text = SmartRounding.significantDigits(v, 6);
            assertTrue(text.replace("-", "").replace(".", "").replaceFirst("^0+", "").length() <= 5, text);
            assertEquals(v, Double.parseDouble(SmartRounding.significantDigits(v, 5)));
        }
    }

    @Test
    void zeroSpreadRoundsToOneSignificantDigit() {
        ParamSpec spec = Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 1.0);
        ParamDistribution d = ParamDistribution.initial(spec).fit(List.of(0.123, 0.123, 0.123, 0.123, 0.123));
        assertEquals(0.1, d.sample(new SplittableRandom(9)));
    }

    private static double[] draw(NumericDistribution d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
            s[i] = ((Number) d.sample(rng)).doubleValue();
        }
        return s;
    }

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double std(double[] xs) {
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / xs.length);
    }
}
