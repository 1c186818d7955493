package dev.clusterutils.optim.random;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerContractTest;
import dev.clusterutils.space.ParamSpec;
import java.util.List;
import java.util.random.RandomGenerator;

class RandomOptimizerTest extends OptimizerContractTest {
    @Override
    protected Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
        return new RandomOptimizer(space, rng);
    }
}
