package dev.clusterutils.optim.cem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerContractTest;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.space.DiscreteDistribution;
import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.NumericDistribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.Specs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class CemOptimizerTest extends OptimizerContractTest {

    @Override
    protected Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
        return new CemOptimizer(space, 5, true, minimize, rng);
    }

    private static final List<ParamSpec> QUADRATIC = List.of(
            Specs.numeric("a", Distribution.TruncatedNormal, -5.0, 5.0),
            Specs.numeric("b", Distribution.TruncatedNormal, -5.0, 5.0));

    private static double quadratic(Map<String, Object> v) {
        double a = ((Number) v.get("a")).doubleValue() - 1.5;
        double b = ((Number) v.get("b")).doubleValue() + 2.0;
        return a * a + b * b;
    }

    @Test
    void eliteIsRaisedToFive() {
        assertEquals(5, new CemOptimizer(QUADRATIC, 2, false, true, new SplittableRandom(1)).numJobsInElite());
        assertEquals(12, new CemOptimizer(QUADRATIC, 12, false, true, new SplittableRandom(1)).numJobsInElite());
    }

    @Test
    void distributionsMoveToTheEliteAndTighten() {
        CemOptimizer cem = new CemOptimizer(QUADRATIC, 10, false, true, new SplittableRandom(2));
        for (int round = 0; round < 30; round++) {
            for (Proposal p : cem.ask(10)) {
                cem.tell(Outcome.success(p.id(), p.values(), quadratic(p.values())));
            }
        }
        NumericDistribution a = assertInstanceOf(NumericDistribution.class, cem.distributions().get(0));
        NumericDistribution b = assertInstanceOf(NumericDistribution.class, cem.distributions().get(1));
        assertEquals(1.5, a.centre(), 0.3);
        assertEquals(-2.0, b.centre(), 0.3);
        assertTrue(a.spread() < 1.0, "spread " + a.spread());
    }

    @Test
    void maximisingPrefersLargeMetrics() {
        CemOptimizer cem = new CemOptimizer(QUADRATIC, 10, false, false, new SplittableRandom(3));
        for (int round = 0; round < 30; round++) {
            for (Proposal p : cem.ask(10)) {
                cem.tell(Outcome.success(p.id(), p.values(), -quadratic(p.values())));
            }
        }
        NumericDistribution a = (NumericDistribution) cem.distributions().get(0);
        assertEquals(1.5, a.centre(), 0.3);
    }

    @Test
    void restartsRerunTheBetterHalfOfTheElite() {
        // without smart rounding fresh draws never repeat, so every repeat is a re-run
        List<ParamSpec> space = List.of(Specs.numeric("a", Distribution.TruncatedNormal, -5.0, 5.0, false),
                Specs.numeric("b", Distribution.TruncatedNormal, -5.0, 5.0, false));
        CemOptimizer cem = new CemOptimizer(space, 10, true, true, new SplittableRandom(4));
        Map<Map<String, Object>, double[]> table = new HashMap<>(); // setting -> {sum, runs}
        int reruns = 0;
        int asked = 0;
        for (int round = 0; round < 40; round++) {
            Map<Map<String, Object>, Double> means = new HashMap<>();
            table.forEach((k, v) -> means.put(k, v[0] / v[1]));
            List<Proposal> batch = cem.ask(10);
            for (Proposal p : batch) {
                if (table.size() >= 10) {
                    asked++;
                }
                if (means.containsKey(p.values())) {
                    reruns++;
                    double mine = means.get(p.values());
                    long better = means.values().stream().filter(m -> m < mine).count();
                    assertTrue(better < 5, "a re-run comes from the better half of an elite of 10, rank " + better);
                }
            }
            for (Proposal p : batch) {
                double m = quadratic(p.values());
                table.merge(p.values(), new double[] {m, 1}, (x, y) -> new double[] {x[0] + y[0], x[1] + y[1]});
                cem.tell(Outcome.success(p.id(), p.values(), m));
            }
        }
        double share = reruns / (double) asked;
        assertTrue(share > 0.13 && share < 0.27, "about 20 % re-runs, was " + share);
    }

    @Test
    void failedJobsTeachNothingAndKilledOnesCount() {
        List<ParamSpec> space = List.of(Specs.discrete("o", "a", "b"));
        CemOptimizer cem = new CemOptimizer(space, 5, false, true, new SplittableRandom(5));
        cem.tell(Outcome.failed(100, Map.of("o", "a")));
        assertEquals(List.of(0.5, 0.5), ((DiscreteDistribution) cem.distributions().get(0)).probabilities());
        cem.tell(Outcome.killed(101, Map.of("o", "a"), 3.0));
        // one value in the elite: (1+1)/(1+2) and 1/3
        assertEquals(2 / 3.0, ((DiscreteDistribution) cem.distributions().get(0)).probabilities().get(0), 1e-12);
    }

    @Test
    void eliteUsesTheMeanOverRepeatedSettings() {
        List<ParamSpec> space = List.of(Specs.discrete("o", "a", "b", "c", "d", "e", "f"));
        CemOptimizer cem = new CemOptimizer(space, 5, false, true, new SplittableRandom(6));
        // "a" has one lucky run and one bad one: mean 5, worse than b..e; f is worst
        long id = 0;
        cem.tell(Outcome.success(id++, Map.of("o", "a"), 0.0));
        cem.tell(Outcome.success(id++, Map.of("o", "a"), 10.0));
        for (String o : List.of("b", "c", "d", "e")) {
            cem.tell(Outcome.success(id++, Map.of("o", o), 1.0));
        }
        cem.tell(Outcome.success(id, Map.of("o", "f"), 9.0));
        List<Double> p = ((DiscreteDistribution) cem.distributions().get(0)).probabilities();
        // elite = b, c, d, e and a (mean 5); f left out: 2/11 for each elite member, 1/11 for f
        assertEquals(2 / 11.0, p.get(0), 1e-12);
        assertEquals(1 / 11.0, p.get(5), 1e-12);
    }

    @Test
    void replayRebuildsExactlyTheSameDistributions() {
        CemOptimizer original = new CemOptimizer(Specs.mixedSpace(), 6, true, true, new SplittableRandom(7));
        List<Outcome> journal = new java.util.ArrayList<>();
        for (int round = 0; round < 12; round++) {
            for (Proposal p : original.ask(8)) {
                Outcome o = p.id() % 9 == 4 ? Outcome.failed(p.id(), p.values())
                        : Outcome.success(p.id(), p.values(), metric(Specs.mixedSpace(), p.values()));
                original.tell(o);
                journal.add(o);
            }
        }
        CemOptimizer rebuilt = new CemOptimizer(Specs.mixedSpace(), 6, true, true, new SplittableRandom(99));
        journal.forEach(rebuilt::tell);
        assertEquals(original.distributions(), rebuilt.distributions());
    }

    @Test
    void minimalRestartsToCount() {
        assertEquals(3, new CemOptimizer(QUADRATIC, 5, true, true, new SplittableRandom(1)).minimalRestartsToCount(8));
        assertEquals(1, new CemOptimizer(QUADRATIC, 5, false, true, new SplittableRandom(1)).minimalRestartsToCount(8));
    }
}
