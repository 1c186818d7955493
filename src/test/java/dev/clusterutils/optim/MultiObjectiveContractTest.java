package dev.clusterutils.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.bench.MultiObjectiveProblems;
import dev.clusterutils.optim.pareto.Hypervolume;
import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The {@link Optimizer} contract for an optimiser of several objectives: everything of
 * {@link OptimizerContractTest} with outcomes that carry two conflicting objectives (one maximised
 * when the contract asks for maximisation), plus multi-objective checks.
 */
public abstract class MultiObjectiveContractTest extends OptimizerContractTest {

    protected abstract Optimizer create(List<ParamSpec> space, List<Boolean> directions, RandomGenerator rng);

    @Override
    protected final Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
        return create(space, List.of(minimize, true), rng);
    }

    /** A second objective that pulls the numeric parameters to the other end of their range. */
    public static double second(List<ParamSpec> space, Map<String, Object> values) {
        double s = 0;
        for (ParamSpec p : space) {
            if (p.distribution() != Distribution.Discrete && !p.distribution().isLog()) {
                Object v = values.get(p.param());
                double t = (PyValues.toDouble(v) - p.lower()) / (p.upper() - p.lower());
                s += (t - 0.9) * (t - 0.9);
            }
        }
        return s;
    }

    @Override
    protected Outcome success(Proposal p) {
        return Outcome.success(p.id(), p.values(), new double[] {metric(space(), p.values()), second(space(), p.values())});
    }

    /** Hypervolume of 100 evaluations (ask 10 / tell 10) on a bench problem. */
    protected double hypervolume(MultiObjectiveProblems.Problem problem, long seed) {
        return hypervolume(create(problem.space(), List.of(true, true), new SplittableRandom(seed)), problem);
    }

    public static double hypervolume(Optimizer opt, MultiObjectiveProblems.Problem problem) {
        List<double[]> seen = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (Proposal p : opt.ask(10)) {
                double[] f = problem.evaluate(p.values());
                seen.add(f);
                opt.tell(Outcome.success(p.id(), p.values(), f));
            }
        }
        return Hypervolume.of(seen, problem.reference());
    }

    @Test
    void aMissingObjectiveIsNotLearnedAndDoesNoHarm() {
        Optimizer opt = create(space(), List.of(true, false), new SplittableRandom(12));
        for (Proposal p : opt.ask(30)) {
            // the second objective NaN, or only one objective given
            opt.tell(p.id() % 2 == 0 ? Outcome.success(p.id(), p.values(), new double[] {1.0, Double.NaN})
                    : Outcome.success(p.id(), p.values(), 1.0));
        }
        List<Proposal> next = opt.ask(5);
        assertEquals(5, next.size());
        next.forEach(p -> assertValid(space(), p));
    }

    @Test
    void coversSomeOfTheZdt1Front() {
        MultiObjectiveProblems.Problem zdt = MultiObjectiveProblems.zdt1();
        double hv = hypervolume(zdt, 1);
        assertTrue(hv > 0 && hv < zdt.frontHypervolume(), "hypervolume " + hv);
    }
}
