package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.settings.OptimizationSetting;
import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The original's submission arithmetic (spec 4.1) for several (P, k) pairs. */
class HpoPlannerTest {
    static final ParamSpec X = new ParamSpec("fn.x", Distribution.TruncatedNormal, 0, 1, 0.0, 1.0, List.of(), true);

    final List<Integer> closed = new ArrayList<>();

    HpoPlanner planner(int n, int p, int k) {
        return new HpoPlanner(OptimizerFactory.create("random", Map.of(), List.of(X), true, new SplittableRandom(1)),
                new OptimizationSetting("m", true, n, p, k, true), List.of("fn.x"), closed::add);
    }

    static final Planner.RunView VIEW = new Planner.RunView() {
        public long created() {
            return 0;
        }

        public long submitted() {
            return 0;
        }

        public long completed() {
            return 0;
        }

        public long succeeded() {
            return 0;
        }
    };

    /** Creates jobs until the planner says no; returns how many. */
    static int fill(HpoPlanner planner, long[] nextId) {
        int n = 0;
        while (planner.next(nextId[0], VIEW) != null) {
            nextId[0]++;
            n++;
        }
        return n;
    }

    @ParameterizedTest(name = "P={0}, k={1}")
    @CsvSource({"4,1", "4,2", "4,4", "1,1", "5,3"})
    void jobsInFlightFollowTheOriginalsRule(int p, int k) {
        HpoPlanner planner = planner(40, p, k);
        long[] next = {0};
        assertEquals(p, fill(planner, next), "a full iteration is created at the start");
        long done = 0;
        while (!planner.exhausted() || done < next[0]) {
            planner.finished(done, Map.of("fn", Map.of("x", 0.5)), Map.of("m", 1.0 * done));
            done++;
            int created = fill(planner, next);
            long completedInIteration = done - (long) p * planner.iteration();
            // after every k completions of the current iteration, k more jobs may start
            if (next[0] < 40) {
                long inFlight = next[0] - done;
                assertTrue(inFlight <= p, "never more than P in flight: " + inFlight);
                if (completedInIteration % k == 0) {
                    assertEquals(p, inFlight, "k completions refill to P (done=" + done + ")");
                }
            }
            assertTrue(created <= Math.max(k, p), "created " + created);
            if (done > 100) {
                break;
            }
        }
        assertEquals(40, next[0], "number_of_samples jobs in all");
        assertEquals(40 / p, closed.size(), "an iteration closes every P completions");
    }

    @Test
    void withKEqualToPTheOptimizerWaitsForTheWholeIteration() {
        HpoPlanner planner = planner(8, 4, 4);
        long[] next = {0};
        assertEquals(4, fill(planner, next));
        for (long id = 0; id < 3; id++) {
            planner.finished(id, Map.of(), Map.of("m", 1.0));
            assertEquals(0, fill(planner, next), "waiting for the fourth");
        }
        planner.finished(3, Map.of(), Map.of("m", 1.0));
        assertEquals(List.of(0), closed);
        assertEquals(4, fill(planner, next));
        assertTrue(planner.exhausted());
    }

    @Test
    void failedJobsCountTowardsTheBudget() {
        HpoPlanner planner = planner(3, 3, 1);
        long[] next = {0};
        assertEquals(3, fill(planner, next));
        planner.finished(0, Map.of("fn", Map.of("x", 0.1)), null);
        assertEquals(0, fill(planner, next), "number_of_samples reached; no retry of the failed job");
        assertTrue(planner.exhausted());
    }

    @Test
    void theIterationOfAJobIsTheOptimizersIterationPlusOne() {
        HpoPlanner planner = planner(4, 2, 2);
        Planner.PlannedJob first = planner.next(0, VIEW);
        assertEquals(1, first.iteration());
        assertNotNull(planner.next(1, VIEW));
        planner.finished(0, Map.of(), Map.of("m", 2.0));
        planner.finished(1, Map.of(), Map.of("m", 1.0));
        assertEquals(2, planner.next(2, VIEW).iteration());
        assertEquals(1.0, planner.best());
    }

    @Test
    void resultsWithoutTheMetricAreRejectedWithAClearMessage() {
        HpoPlanner planner = planner(4, 2, 1);
        String why = planner.reject(Map.of("accuracy", 0.9));
        assertTrue(why.contains("'m'") && why.contains("accuracy"), why);
        assertTrue(planner.reject(Map.of("m", "high")).contains("must be a number"));
        assertNull(planner.reject(Map.of("m", 3L)));
    }
}
