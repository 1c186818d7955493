package dev.clusterutils.optim.gp;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.clusterutils.optim.MultiObjectiveContractTest;
import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.optim.pareto.ParEgoOptimizer;
import dev.clusterutils.space.ParamSpec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** {@code gp} with several metrics: ParEGO over the GP, through the factory as a run creates it. */
class MultiObjectiveGpTest extends MultiObjectiveContractTest {
    // small candidate and point budgets, as in GpOptimizerTest, keep hundreds of proposals fast
    static final Map<String, Object> SMALL = Map.of("n_initial", 5L, "max_points", 40L, "n_candidates", 24L, "n_restarts", 1L);

    @Override
    protected Optimizer create(List<ParamSpec> space, List<Boolean> directions, RandomGenerator rng) {
        return OptimizerFactory.create("gp", SMALL, space, directions, rng);
    }

    @Test
    void isParEgo() {
        assertInstanceOf(ParEgoOptimizer.class, create(space(), List.of(true, true), new SplittableRandom(1)));
    }
}
