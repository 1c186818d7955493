package dev.clusterutils.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The numbers behind the tables and charts, against values from pandas/scipy. */
class StatsTest {
    @Test
    void ranksAverageTiesAndKeepNaN() {
        assertArrayEquals(new double[]{1, 2, 3.5, 5, 3.5, Double.NaN}, Stats.ranks(new double[]{5, 6, 7, 8, 7, Double.NaN}));
    }

    @Test
    void spearmanMatchesScipy() {
        assertEquals(0.8207826816681233, Stats.spearman(new double[]{1, 2, 3, 4, 5}, new double[]{5, 6, 7, 8, 7}), 1e-12);
        assertEquals(0.8285714285714287, Stats.spearman(new double[]{1, 2, 3, 4, 5, 6}, new double[]{2, 1, 4, 3, 6, 5}), 1e-12);
        // pairwise complete: the NaN row is left out of both columns
        assertEquals(0.8285714285714287, Stats.spearman(new double[]{1, 2, 3, Double.NaN, 4, 5, 6},
                new double[]{2, 1, 4, 9, 3, 6, 5}), 1e-12);
        assertTrue(Double.isNaN(Stats.spearman(new double[]{1, 2}, new double[]{1, 2})), "fewer than 3 pairs");
        assertTrue(Double.isNaN(Stats.spearman(new double[]{1, 1, 1}, new double[]{1, 2, 3})), "a constant column");
    }

    @Test
    void meanStdAndQuantilesAsPandas() {
        double[] xs = {1, 2, 3, 4, Double.NaN};
        assertEquals(2.5, Stats.mean(xs));
        assertEquals(1.2909944487358056, Stats.std(xs), 1e-12);
        assertTrue(Double.isNaN(Stats.std(new double[]{3})), "ddof 1: one value has no spread");
        assertEquals(1.75, Stats.quantileSorted(new double[]{1, 2, 3, 4}, 0.25));
        assertEquals(2.5, Stats.median(xs));
    }

    @Test
    void scaleDetectionPrefersLogForValuesSpreadOverDecades() {
        Random r = new Random(1);
        double[] spread = new double[200];
        double[] even = new double[200];
        for (int i = 0; i < 200; i++) {
            spread[i] = Math.pow(10, r.nextDouble() * 6 - 3);
            even[i] = 5 + r.nextDouble();
        }
        assertTrue(ScaleDetection.isLog(spread));
        assertFalse(ScaleDetection.isLog(even));
        spread[0] = -1;
        assertFalse(ScaleDetection.isLog(spread), "a log axis needs positive values");
    }

    @Test
    void importanceFindsTheParameterThatMatters() {
        ParamInfo strong = new ParamInfo("strong", true, false, false, 0, 1, List.of(), "TruncatedNormal");
        ParamInfo noise = new ParamInfo("noise", true, false, false, 0, 1, List.of(), "TruncatedNormal");
        ParamInfo option = new ParamInfo("option", false, true, false, Double.NaN, Double.NaN, List.of("a", "b"), "Discrete");
        Random r = new Random(5);
        List<JobResult> jobs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double s = r.nextDouble();
            double n = r.nextDouble();
            String o = r.nextBoolean() ? "a" : "b";
            double y = Math.exp(10 * s) + ("b".equals(o) ? 2000 : 0) + r.nextGaussian();
            jobs.add(new JobResult(i, 1, Map.of("strong", s, "noise", n, "option", o), JobResult.Outcome.SUCCEEDED,
                    Map.of("m", y), null, 0));
        }
        List<Importance.Score> scores = Importance.of(jobs, List.of(strong, noise, option), "m");
        assertTrue(scores.get(0).score() > 0.5, scores.toString());
        assertTrue(scores.get(1).score() < 0.03, scores.toString());
        assertTrue(scores.get(2).score() > 0.02 && scores.get(2).score() < scores.get(0).score(), scores.toString());
        assertEquals(10, scores.get(0).bins());
        assertTrue(Double.isNaN(Importance.of(jobs.subList(0, 3), List.of(strong), "m").get(0).score()), "too few jobs");
    }

    @Test
    void numbersAreShownWithFewDigits() {
        assertEquals("0.001234", Fmt.num(0.00123412));
        assertEquals("1.234e-05", Fmt.num(0.0000123412));
        assertEquals("1.5e+06", Fmt.num(1_500_000));
        assertEquals("123.5", Fmt.num(123.456));
        assertEquals("-2", Fmt.num(-2.0));
        assertEquals("n/a", Fmt.num(Double.NaN));
        assertEquals("...rning_rate", Fmt.tail("optimizer.learning_rate", 13));
        assertEquals("(0.1,...1.0)", Fmt.middle("(0.1, 0.5, 1.0)", 12));
    }
}
