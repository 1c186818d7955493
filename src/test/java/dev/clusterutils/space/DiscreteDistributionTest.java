package dev.clusterutils.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.value.PyTuple;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiscreteDistributionTest {

    @Test
    void startsUniform() {
        DiscreteDistribution d = DiscreteDistribution.initial(Specs.discrete("o", "a", "b", "c", "d"));
        assertEquals(List.of(0.25, 0.25, 0.25, 0.25), d.probabilities());
    }

    @Test
    void fitIsLaplaceSmoothedCounts() {
        DiscreteDistribution d = DiscreteDistribution.initial(Specs.discrete("o", "a", "b", "c"))
                .fit(List.of("a", "a", "b"));
        assertProbs(d, 3 / 6.0, 2 / 6.0, 1 / 6.0);
    }

    @Test
    void fitUsesPythonEquality() {
        DiscreteDistribution d = DiscreteDistribution.initial(Specs.discrete("o", 1L, 2L))
                .fit(List.of(1.0, 1, 2L)); // 1.0 == 1 in Python
        assertProbs(d, 3 / 5.0, 2 / 5.0);
    }

    @Test
    void fitFallsBackToStringComparison() {
        DiscreteDistribution d = DiscreteDistribution.initial(Specs.discrete("o", 1L, 2L))
                .fit(List.of("1", "1", 2L));
        assertProbs(d, 3 / 5.0, 2 / 5.0);
    }

    @Test
    void unknownValuesAreRenormalisedAway() {
        DiscreteDistribution d = DiscreteDistribution.initial(Specs.discrete("o", "a", "b"))
                .fit(List.of("a", "z", "z"));
        // unnormalised (1+1)/5 and 1/5
        assertProbs(d, 2 / 3.0, 1 / 3.0);
    }

    @Test
    void tupleOptionsWorkAndListsCountForThem() {
        PyTuple t1 = PyTuple.of(1L, 2L);
        PyTuple t2 = PyTuple.of(2L, 3L, 4L);
        DiscreteDistribution d = DiscreteDistribution.initial(Specs.discrete("t", t1, t2))
                .fit(List.of(PyTuple.of(1L, 2L), List.of(1L, 2L), t2));
        assertProbs(d, 3 / 5.0, 2 / 5.0);
        Object v = d.sample(new SplittableRandom(1));
        assertTrue(v == t1 || v == t2);
    }

    @Test
    void mixedOptionsKeepTheirTypes() {
        ParamSpec spec = Specs.discrete("m", 1L, "a", 2.5, true);
        DiscreteDistribution d = DiscreteDistribution.initial(spec);
        SplittableRandom rng = new SplittableRandom(2);
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Object v = d.sample(rng);
            assertTrue(spec.options().stream().anyMatch(o -> o == v), "an option object itself: " + v);
            seen.add(v);
        }
        assertEquals(4, seen.size());
    }

    @Test
    void drawFrequenciesFollowTheProbabilities() {
        ParamSpec spec = Specs.discrete("o", "a", "b", "c");
        DiscreteDistribution d = new DiscreteDistribution(spec, List.of(0.6, 0.3, 0.1));
        SplittableRandom rng = new SplittableRandom(3);
        int n = 30_000;
        int[] counts = new int[3];
        for (int i = 0; i < n; i++) {
            counts[spec.options().indexOf(d.sample(rng))]++;
        }
        assertEquals(0.6, counts[0] / (double) n, 0.01);
        assertEquals(0.3, counts[1] / (double) n, 0.01);
        assertEquals(0.1, counts[2] / (double) n, 0.01);
    }

    @Test
    void refitStartsFromScratchEachTime() {
        DiscreteDistribution d = DiscreteDistribution.initial(Specs.discrete("o", "a", "b"));
        DiscreteDistribution once = d.fit(List.of("a"));
        assertEquals(once.probabilities(), once.fit(List.of("a")).probabilities());
        assertSame(d.spec(), once.spec());
    }

    private static void assertProbs(DiscreteDistribution d, double... expected) {
        assertEquals(expected.length, d.probabilities().size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], d.probabilities().get(i), 1e-12);
        }
    }
}
