package dev.clusterutils.optim.tpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerContractTest;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.QuadraticRace;
import dev.clusterutils.optim.random.RandomOptimizer;
import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.Specs;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TpeOptimizerTest extends OptimizerContractTest {

    @Override
    protected Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
        return new TpeOptimizer(space, minimize, rng);
    }

    @Nested
    class Multivariate extends OptimizerContractTest {
        @Override
        protected Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
            return new TpeOptimizer(space, minimize, rng, 5, 24, 1.0, true, 1000);
        }
    }

    @Test
    void findsTheQuadraticsMinimumClearlyBetterThanRandom() {
        double tpe = QuadraticRace.medianBest(rng -> new TpeOptimizer(QuadraticRace.SPACE, true, rng));
        double random = QuadraticRace.medianBest(rng -> new RandomOptimizer(QuadraticRace.SPACE, rng));
        assertTrue(tpe < 0.5 * random, "tpe " + tpe + " vs random " + random);
    }

    @Test
    void parallelAsksDoNotCollide() {
        List<ParamSpec> space = List.of(Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 1.0));
        TpeOptimizer tpe = new TpeOptimizer(space, true, new SplittableRandom(3));
        for (Proposal p : tpe.ask(20)) {
            double x = (Double) p.values().get("x");
            tpe.tell(Outcome.success(p.id(), p.values(), (x - 0.3) * (x - 0.3)));
        }
        Set<Object> batch = new HashSet<>();
        List<Proposal> asked = tpe.ask(10);
        asked.forEach(p -> batch.add(p.values().get("x")));
        assertEquals(10, batch.size());
        double min = asked.stream().mapToDouble(p -> (Double) p.values().get("x")).min().orElseThrow();
        double max = asked.stream().mapToDouble(p -> (Double) p.values().get("x")).max().orElseThrow();
        assertTrue(max - min > 0.05, "the constant liar spreads a batch: " + min + ".." + max);
    }

    @Test
    void integerAndDiscreteParametersConverge() {
        List<ParamSpec> space = List.of(Specs.numeric("n", Distribution.IntLogNormal, 1L, 1000L),
                Specs.numeric("k", Distribution.IntNormal, -10L, 10L), Specs.discrete("c", "a", "b", "c", "d"));
        TpeOptimizer tpe = new TpeOptimizer(space, true, new SplittableRandom(4));
        int good = 0;
        for (int round = 0; round < 15; round++) {
            for (Proposal p : tpe.ask(10)) {
                long n = (Long) p.values().get("n");
                long k = (Long) p.values().get("k");
                double loss = Math.abs(Math.log(n / 30.0)) + Math.abs(k + 4) + ("c".equals(p.values().get("c")) ? 0 : 2);
                if (round >= 10 && loss < 2) {
                    good++;
                }
                tpe.tell(Outcome.success(p.id(), p.values(), loss));
            }
        }
        assertTrue(good >= 25, "most late proposals near n=30, k=-4, c='c': " + good + "/50");
    }
}
