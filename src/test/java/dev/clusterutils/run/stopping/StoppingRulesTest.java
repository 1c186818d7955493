package dev.clusterutils.run.stopping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.settings.EarlyKillingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StoppingRulesTest {

    @Nested
    class Asha {
        final SuccessiveHalving asha = new SuccessiveHalving(3, 1, null, true);

        @Test
        void rungsSitAtMinTimesEtaToTheK() {
            assertEquals(List.of(1.0, 3.0, 9.0, 27.0), List.of(asha.rung(0), asha.rung(1), asha.rung(2), asha.rung(3)));
        }

        @Test
        void theFirstJobsAtARungGoOnAndOnlyTheBestThirdOnceItFills() {
            // losses 5, 4, 3 at rung 0: each among the best max(1, n/3) = 1 when it arrives
            assertFalse(asha.report(0, 1, 5.0).stop());
            assertFalse(asha.report(1, 1, 4.0).stop());
            assertFalse(asha.report(2, 1, 3.0).stop());
            // the fourth: 4 values, keep 1; 3.5 is behind 3.0
            Verdict v = asha.report(3, 1, 3.5);
            assertTrue(v.stop());
            assertEquals(0, v.rung());
            assertTrue(v.reason().contains("at rung 0 (resource 1.0) its value 3.5 is not among the best 1 of the 4"), v.reason());
            // a better one goes on
            assertFalse(asha.report(4, 1, 1.0).stop());
            assertEquals(List.of(5.0, 4.0, 3.0, 3.5, 1.0), asha.recorded(0));
        }

        @Test
        void betweenRungsNothingIsDecidedAndAJumpCrossesSeveralRungs() {
            for (int j = 0; j < 6; j++) {
                asha.report(j, 1, 10.0 - j); // rung 0 filled with 10..5
            }
            assertFalse(asha.report(10, 1, 0.5).stop());
            assertFalse(asha.report(10, 2, 99.0).stop(), "resource 2 is between rungs 0 and 1");
            assertFalse(asha.report(10, 9, 0.4).stop(), "crosses rungs 1 and 2, first there each time");
            assertEquals(List.of(0.4), asha.recorded(1));
            assertEquals(List.of(0.4), asha.recorded(2));
        }

        @Test
        void noRungAtOrAboveTheMaximumAndMaximisingWorks() {
            SuccessiveHalving capped = new SuccessiveHalving(2, 1, 4.0, false);
            for (int j = 0; j < 4; j++) {
                capped.report(j, 1, j); // accuracies 0..3 at rung 0
            }
            assertTrue(capped.report(9, 1, 1.5).stop(), "5 values keep 2 (3 and 2); 1.5 is third");
            assertFalse(capped.report(8, 1, 2.5).stop());
            assertFalse(capped.report(8, 2, 0.0).stop(), "first at rung 1");
            assertFalse(capped.report(8, 4, -5.0).stop(), "4 is the maximum: no rung there");
        }

        @Test
        void nanIsTheWorstValue() {
            asha.report(0, 1, 1.0);
            asha.report(1, 1, 2.0);
            asha.report(2, 1, 3.0);
            assertTrue(asha.report(3, 1, Double.NaN).stop());
        }
    }

    @Nested
    class HyperbandBrackets {
        @Test
        void bracketsFollowHyperbandsSizesInterleaved() {
            Hyperband hb = new Hyperband(3, 1, 27, true);
            assertEquals(4, hb.brackets());
            int[] counts = new int[4];
            List<Integer> first = new ArrayList<>();
            for (int id = 0; id < 41; id++) {
                counts[hb.bracket(id)]++;
                if (id < 8) {
                    first.add(hb.bracket(id));
                }
            }
            // s = 3: ceil(4/4*27) = 27, ceil(4/3*9) = 12, ceil(4/2*3) = 6, ceil(4/1*1) = 4 per 49 ids
            assertEquals(List.of(0, 1, 0, 2, 0, 3, 0, 1), first);
            assertTrue(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] >= counts[3], java.util.Arrays.toString(counts));
            assertEquals(hb.bracket(5), hb.bracket(5 + 49), "the same after a resume: by id");
        }

        @Test
        void theLastBracketNeverStopsAJob() {
            Hyperband hb = new Hyperband(3, 1, 9, true);
            int last = hb.brackets() - 1;
            long id = 0;
            List<Long> inLast = new ArrayList<>();
            while (inLast.size() < 6) {
                if (hb.bracket(id) == last) {
                    inLast.add(id);
                }
                id++;
            }
            double loss = 1;
            for (long j : inLast) {
                for (int r = 1; r <= 9; r++) {
                    assertFalse(hb.report(j, r, loss).stop());
                }
                loss *= 2;
            }
        }
    }

    @Nested
    class Median {
        final MedianRule median = new MedianRule(2, 3, true);

        void finish(long id, double... curve) {
            for (int r = 0; r < curve.length; r++) {
                median.report(id, r + 1, curve[r]);
            }
            median.finished(id, curve[curve.length - 1]);
        }

        @Test
        void nothingIsStoppedBeforeTheWarmUp() {
            finish(0, 1, 1);
            finish(1, 2, 2);
            assertFalse(median.report(9, 1, 100).stop(), "one report, min_reports 2");
            assertFalse(median.report(9, 2, 100).stop(), "two finished jobs, min_finished 3");
        }

        @Test
        void aJobWorseThanTheMedianAtTheSameResourceIsStopped() {
            finish(0, 5, 4, 3);
            finish(1, 6, 5, 4);
            finish(2, 9, 8, 7);
            assertFalse(median.report(9, 1, 5.5).stop());
            // best so far 5.5 against the median 5 of (4, 5, 8) at resource 2
            Verdict v = median.report(9, 2, 6.0);
            assertTrue(v.stop());
            assertTrue(v.reason().contains("median 5.0 of 3 finished jobs at resource 2.0"), v.reason());
            assertFalse(median.report(8, 1, 5.0).stop());
            assertFalse(median.report(8, 2, 4.5).stop());
        }
    }

    @Nested
    class Facade {
        @Test
        void theResourceIsTheReportCountOrTheNamedField() {
            EarlyStopping byCount = EarlyStopping.of("loss", true, new EarlyKillingParams.Asha(2, 2, null, null));
            EarlyStopping byEpoch = EarlyStopping.of("loss", true, new EarlyKillingParams.Asha(2, 10, null, "epoch"));
            for (int j = 0; j < 3; j++) {
                byCount.report(j, Map.of("loss", 1.0));
                // each job better than those before it: never stopped
                assertFalse(byCount.report(j, Map.of("loss", 3.0 - j)).stop(), "its second report is at rung 0");
                assertFalse(byEpoch.report(j, Map.of("loss", 3.0 - j, "epoch", 10L)).stop());
            }
            assertTrue(byCount.report(7, Map.of("loss", 0.0)) == Verdict.CONTINUE, "its first report: below rung 0");
            assertTrue(byCount.report(7, Map.of("loss", 9.0)).stop());
            assertFalse(byEpoch.report(7, Map.of("loss", 9.0, "epoch", 9L)).stop(), "epoch 9 is below the first rung");
            assertFalse(byEpoch.report(7, Map.of("loss", 9.0)).stop(), "no resource: not judged");
            assertTrue(byEpoch.report(7, Map.of("loss", 9.0, "epoch", 10.0)).stop());
        }

        @Test
        void reportsWithoutTheMetricAreNotCounted() {
            EarlyStopping s = EarlyStopping.of("loss", true, new EarlyKillingParams.Asha(2, 2, null, null));
            s.report(0, Map.of("loss", 1.0));
            s.report(0, Map.of("loss", 1.0));
            assertFalse(s.report(1, Map.of("accuracy", 0.1)).stop());
            assertFalse(s.report(1, Map.of("loss", "n/a")).stop());
            assertEquals(Verdict.CONTINUE, s.report(1, Map.of("loss", 5.0)), "its first counted report: below rung 0 (2 reports)");
            assertTrue(s.report(1, Map.of("loss", 5.0)).stop(), "its second: at rung 0, behind job 0");
        }
    }
}
