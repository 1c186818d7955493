package dev.clusterutils.optim.tpe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.MultiObjectiveContractTest;
import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.optim.bench.MultiObjectiveProblems;
import dev.clusterutils.space.ParamSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class MotpeTest extends MultiObjectiveContractTest {
    @Override
    protected Optimizer create(List<ParamSpec> space, List<Boolean> directions, RandomGenerator rng) {
        return OptimizerFactory.create("tpe", Map.of(), space, directions, rng);
    }

    /** The point of MOTPE: on ZDT1 its median hypervolume over seeds is above random search's. */
    @Test
    void beatsRandomOnZdt1() {
        MultiObjectiveProblems.Problem zdt = MultiObjectiveProblems.zdt1();
        double[] tpe = new double[7];
        double[] random = new double[7];
        for (int s = 0; s < tpe.length; s++) {
            tpe[s] = hypervolume(zdt, s);
            random[s] = randomHypervolume(zdt, s);
        }
        Arrays.sort(tpe);
        Arrays.sort(random);
        assertTrue(tpe[3] > random[3], "MOTPE median " + tpe[3] + " vs random " + random[3]);
    }

    private double randomHypervolume(MultiObjectiveProblems.Problem problem, long seed) {
        return hypervolume(OptimizerFactory.create("random", Map.of(), problem.space(), List.of(true, true),
                new java.util.SplittableRandom(seed)), problem);
    }

    @Test
    void threeObjectivesWork() {
        Optimizer opt = create(space(), List.of(true, false, true), new java.util.SplittableRandom(4));
        for (int r = 0; r < 5; r++) {
            for (var p : opt.ask(8)) {
                opt.tell(dev.clusterutils.optim.Outcome.success(p.id(), p.values(),
                        new double[] {metric(space(), p.values()), second(space(), p.values()), r}));
            }
        }
        opt.ask(5).forEach(p -> assertValid(space(), p));
    }
}
