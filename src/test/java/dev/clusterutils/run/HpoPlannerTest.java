package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The built-in optimizer stage each planner of a test talks to, as the default cu-ask and cu-tell routes do. */
    final Map<HpoPlanner, OptimizerStage> stages = new java.util.IdentityHashMap<>();

    HpoPlanner planner(int n, int p, int k) {
        HpoPlanner planner = new HpoPlanner(new OptimizationSetting("m", true, n, p, k, true), List.of("fn.x"), closed::add);
        stages.put(planner, new OptimizerStage(OptimizerFactory.create("random", Map.of(), List.of(X), true, new SplittableRandom(1))));
        return planner;
    }

    /** Answers what the planner asks of its optimizer stage until it asks nothing more; returns the actions. */
    List<Action> serve(HpoPlanner planner) {
        return serve(planner, stages.get(planner));
    }

    static List<Action> serve(HpoPlanner planner, OptimizerStage stage) {
        List<Action> all = new ArrayList<>();
        List<Action> round = planner.requests(Integer.MAX_VALUE);
        while (!round.isEmpty()) {
            all.addAll(round);
            for (Action a : round) {
                if (a instanceof Action.Ask ask) {
                    planner.asked(stage.ask(ask));
                } else if (a instanceof Action.Tell tell) {
                    planner.told(stage.tell(tell));
                }
            }
            round = planner.requests(Integer.MAX_VALUE);
        }
        return all;
    }

    Planner.PlannedJob next(HpoPlanner planner, long id) {
        serve(planner);
        return planner.next(id, VIEW);
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
    int fill(HpoPlanner planner, long[] nextId) {
        serve(planner);
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
        Planner.PlannedJob first = next(planner, 0);
        assertEquals(1, first.iteration());
        assertNotNull(next(planner, 1));
        planner.finished(0, Map.of(), Map.of("m", 2.0));
        planner.finished(1, Map.of(), Map.of("m", 1.0));
        assertEquals(2, next(planner, 2).iteration());
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

    @Test
    void theStageIsAskedOnlyOnceEveryOutcomeSentToItWasTold() {
        HpoPlanner planner = planner(6, 2, 1);
        List<Action> first = planner.requests(10);
        assertEquals(List.of(new Action.Ask(2, 0)), first, "as many as the arithmetic allows, numbered from 0");
        assertEquals(List.of(), planner.requests(10), "one ask in flight at a time");
        planner.asked(stages.get(planner).ask((Action.Ask) first.get(0)));
        assertNotNull(planner.next(0, VIEW));
        assertNotNull(planner.next(1, VIEW));
        planner.finished(0, Map.of("fn", Map.of("x", 0.2)), Map.of("m", 0.5));
        List<Action> afterEnd = planner.requests(10);
        assertEquals(1, afterEnd.size(), "the outcome goes out, the ask waits for its answer: " + afterEnd);
        Action.Tell tell = (Action.Tell) afterEnd.get(0);
        assertEquals(0.5, tell.outcomes().get(0).metric());
        assertEquals(List.of(), planner.requests(10));
        assertTrue(planner.tellsInFlight(), "a run that ends now waits for this answer");
        planner.told(new RunEvent.Told());
        assertFalse(planner.tellsInFlight());
        assertEquals(List.of(new Action.Ask(1, 2)), planner.requests(10));
    }

    @Test
    void anEmptyAnswerIsNotAskedAgainUntilSomethingWasLearned() {
        HpoPlanner planner = planner(6, 2, 1);
        planner.requests(10);
        planner.asked(new RunEvent.Asked(List.of(new dev.clusterutils.optim.Proposal(0, Map.of("fn.x", 0.3))), false));
        assertNotNull(planner.next(0, VIEW));
        planner.requests(10);
        planner.asked(new RunEvent.Asked(List.of(), false));
        assertEquals(List.of(), planner.requests(10), "a job is in flight: its end may change the answer");
        planner.finished(0, Map.of("fn", Map.of("x", 0.3)), Map.of("m", 1.0));
        List<Action> after = planner.requests(10);
        assertTrue(after.get(0) instanceof Action.Tell, after.toString());
        planner.told(new RunEvent.Told());
        assertTrue(planner.requests(10).get(0) instanceof Action.Ask);
    }

    @Test
    void anExhaustedStageEndsThePlanning() {
        HpoPlanner planner = planner(6, 2, 1);
        planner.requests(10);
        assertTrue(!planner.exhausted(), "an ask in flight may still bring jobs");
        planner.asked(new RunEvent.Asked(List.of(), true));
        assertTrue(planner.exhausted());
    }
}
