package dev.clusterutils.optim.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clusterutils.optim.MultiObjectiveContractTest;
import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.tpe.TpeOptimizer;
import dev.clusterutils.space.ParamSpec;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** ParEGO is generic over the scalar optimiser; the contract holds with TPE inside. */
class ParEgoOverTpeTest extends MultiObjectiveContractTest {
    @Override
    protected Optimizer create(List<ParamSpec> space, List<Boolean> directions, RandomGenerator rng) {
        return new ParEgoOptimizer(directions, r -> TpeOptimizer.fromSettings(Map.of(), space, true, r), rng);
    }

    @Test
    void chebyshevIsTheWorstWeightedObjectivePlusASmallSum() {
        double[] lo = {0, 10};
        double[] hi = {2, 20};
        // normalised (0.5, 0.2); weights (0.4, 0.6): max(0.2, 0.12) + 0.05 * 0.32
        assertEquals(0.2 + 0.05 * 0.32, ParEgoOptimizer.chebyshev(new double[] {1, 12}, new double[] {0.4, 0.6}, lo, hi), 1e-12);
        // a constant objective contributes 0
        assertEquals(1.0 + 0.05, ParEgoOptimizer.chebyshev(new double[] {2, 5}, new double[] {1, 0}, lo, new double[] {2, 10}),
                1e-12);
    }
}
