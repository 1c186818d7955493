package dev.clusterutils.optim.random;

import dev.clusterutils.optim.MultiObjectiveContractTest;
import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.space.ParamSpec;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

class MultiObjectiveRandomTest extends MultiObjectiveContractTest {
    @Override
    protected Optimizer create(List<ParamSpec> space, List<Boolean> directions, RandomGenerator rng) {
        return OptimizerFactory.create("random", Map.of(), space, directions, rng);
    }
}
