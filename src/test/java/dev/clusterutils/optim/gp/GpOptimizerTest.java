package dev.clusterutils.optim.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerContractTest;
import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.QuadraticRace;
import dev.clusterutils.optim.gp.GpOptimizer.Liar;
import dev.clusterutils.optim.random.RandomOptimizer;
import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.Specs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GpOptimizerTest extends OptimizerContractTest {

    // small candidate and point budgets keep the contract suite (hundreds of proposals) fast
    @Override
    protected Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
        return new GpOptimizer(space, minimize, rng, 5, Liar.BEST, 40, 24, 1);
    }

    @Nested
    class WorstLiar extends OptimizerContractTest {
        @Override
        protected Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
            return new GpOptimizer(space, minimize, rng, 5, Liar.WORST, 40, 24, 1);
        }
    }

    private static final List<ParamSpec> LINE = List.of(Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 1.0));

    private static void tellQuadratic(Optimizer opt, List<Proposal> asked) {
        for (Proposal p : asked) {
            double x = (Double) p.values().get("x");
            opt.tell(Outcome.success(p.id(), p.values(), (x - 0.3) * (x - 0.3)));
        }
    }

    @Test
    void findsTheQuadraticsMinimumClearlyBetterThanRandom() {
        double gp = QuadraticRace.medianBest(rng -> new GpOptimizer(QuadraticRace.SPACE, true, rng, 10, Liar.BEST, 200, 48, 1));
        double random = QuadraticRace.medianBest(rng -> new RandomOptimizer(QuadraticRace.SPACE, rng));
        assertTrue(gp < 0.1 * random, "gp " + gp + " vs random " + random);
    }

    @Test
    void aBatchNeverRepeatsAPointAndSpreadsOut() {
        for (Liar liar : Liar.values()) {
            GpOptimizer gp = new GpOptimizer(LINE, true, new SplittableRandom(3), 10, liar, 200, 64, 2);
            tellQuadratic(gp, gp.ask(10));
            List<Proposal> asked = gp.ask(10);
            Set<Object> batch = new HashSet<>();
            asked.forEach(p -> batch.add(p.values().get("x")));
            assertEquals(10, batch.size(), liar + ": " + batch);
            double min = asked.stream().mapToDouble(p -> (Double) p.values().get("x")).min().orElseThrow();
            double max = asked.stream().mapToDouble(p -> (Double) p.values().get("x")).max().orElseThrow();
            if (liar != Liar.BEST) {
                // lying "best" on a solved 1-D quadratic rightly keeps the batch at the optimum
                assertTrue(max - min > 0.02, liar + ": the constant liar spreads a batch: " + min + ".." + max);
            }
        }
    }

    @Test
    void aFiniteSpaceIsCoveredBeforeAnythingRepeats() {
        List<ParamSpec> space = List.of(Specs.numeric("k", Distribution.IntNormal, 1L, 4L), Specs.discrete("c", "a", "b", "c"));
        GpOptimizer gp = new GpOptimizer(space, true, new SplittableRandom(5), 3, Liar.BEST, 200, 32, 1);
        Set<Map<String, Object>> distinct = new HashSet<>();
        for (int round = 0; round < 6; round++) {
            for (Proposal p : gp.ask(2)) {
                assertTrue(distinct.add(p.values()), "repeated " + p.values() + " before the 12 points were run");
                long k = (Long) p.values().get("k");
                gp.tell(Outcome.success(p.id(), p.values(), k + ("b".equals(p.values().get("c")) ? 0 : 3)));
            }
        }
        assertEquals(12, distinct.size());
        assertEquals(4, gp.ask(4).size(), "and then it still answers");
    }

    @Test
    void failedPointsAreNotProposedAgainAndDoNotEnterTheModel() {
        List<ParamSpec> space = List.of(Specs.numeric("k", Distribution.IntNormal, 0L, 9L));
        GpOptimizer gp = new GpOptimizer(space, true, new SplittableRandom(6), 3, Liar.BEST, 200, 32, 1);
        Set<Object> run = new HashSet<>();
        for (int round = 0; round < 9; round++) {
            for (Proposal p : gp.ask(1)) {
                long k = (Long) p.values().get("k");
                assertTrue(run.add(k), "k=" + k + " was already run");
                // k=2 would be the optimum but it crashes; the job with k=7 is killed early
                if (k == 2) {
                    gp.tell(Outcome.failed(p.id(), p.values()));
                } else if (k == 7) {
                    gp.tell(Outcome.killed(p.id(), p.values(), 50));
                } else {
                    gp.tell(Outcome.success(p.id(), p.values(), (k - 2) * (k - 2)));
                }
            }
        }
    }

    @Test
    void integerLogAndDiscreteParametersConverge() {
        List<ParamSpec> space = List.of(Specs.numeric("n", Distribution.IntLogNormal, 1L, 1000L),
                Specs.numeric("lr", Distribution.TruncatedLogNormal, 1e-5, 1.0), Specs.discrete("c", "a", "b", "c", "d"));
        GpOptimizer gp = new GpOptimizer(space, true, new SplittableRandom(4), 10, Liar.BEST, 200, 128, 2);
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 6; round++) {
            for (Proposal p : gp.ask(5)) {
                long n = (Long) p.values().get("n");
                double lr = (Double) p.values().get("lr");
                double loss = Math.abs(Math.log(n / 30.0)) + Math.abs(Math.log10(lr / 1e-3))
                        + ("c".equals(p.values().get("c")) ? 0 : 2);
                best = Math.min(best, loss);
                gp.tell(Outcome.success(p.id(), p.values(), loss));
            }
        }
        assertTrue(best < 0.8, "near n=30, lr=1e-3, c='c' after 30 trials: " + best);
    }

    @Test
    void beyondMaxPointsItKeepsProposingGoodPoints() {
        GpOptimizer gp = new GpOptimizer(LINE, true, new SplittableRandom(7), 5, Liar.BEST, 20, 32, 1);
        List<Double> late = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            List<Proposal> asked = gp.ask(5);
            if (round >= 9) {
                asked.forEach(p -> late.add((Double) p.values().get("x")));
            }
            tellQuadratic(gp, asked);
        }
        assertTrue(late.stream().anyMatch(x -> Math.abs(x - 0.3) < 0.02), "60 trials over a 20-point model: " + late);
    }

    @Test
    void settingsAreValidatedAndApplied() {
        assertTrue(OptimizerFactory.names().contains("gp"));
        assertTrue(OptimizerFactory.validate("gp", Map.of()).isEmpty());
        assertTrue(OptimizerFactory.validate("gp", Map.of("liar", "Mean", "n_initial", 4L)).isEmpty());
        assertEquals("optimizer_settings.liar", OptimizerFactory.validate("gp", Map.of("liar", "median")).get(0).path());
        assertEquals("optimizer_settings.max_points",
                OptimizerFactory.validate("gp", Map.of("max_points", 3L)).get(0).path());
        Optimizer opt = OptimizerFactory.create("gp", Map.of("n_initial", 2L, "liar", "WORST"), LINE, false,
                new SplittableRandom(8));
        assertEquals(GpOptimizer.class, opt.getClass());
        assertEquals(3, opt.ask(3).size());
    }
}
