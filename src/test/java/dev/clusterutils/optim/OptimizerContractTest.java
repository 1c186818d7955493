package dev.clusterutils.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;
import dev.clusterutils.space.Specs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * What every optimiser promises (the {@link Optimizer} contract). Each optimiser's test extends this
 * class and says how to create it; a finite optimiser also says how many proposals it has in total.
 */
public abstract class OptimizerContractTest {

    protected abstract Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng);

    private List<ParamSpec> space;

    /** The space the contract runs on: every distribution, tuple, boolean and mixed-type options. */
    protected List<ParamSpec> createSpace() {
        return Specs.mixedSpace();
    }

    /** One space per test, so that option objects can be checked by identity. */
    protected final List<ParamSpec> space() {
        if (space == null) {
            space = createSpace();
        }
        return space;
    }

    /** Total number of proposals of a finite optimiser over {@link #space()}, or -1 if it never runs out. */
    protected long totalProposals() {
        return -1;
    }

    private boolean finite() {
        return totalProposals() >= 0;
    }

    /** A smooth synthetic metric over the mixed space: every parameter matters a little. */
    public static double metric(List<ParamSpec> space, Map<String, Object> values) {
        double loss = 0;
        for (ParamSpec p : space) {
            Object v = values.get(p.param());
            if (p.distribution() == Distribution.Discrete) {
                int i = 0;
                while (i < p.options().size() && !PyValues.pyEquals(p.options().get(i), v)) {
                    i++;
                }
                loss += i;
            } else {
                double x = PyValues.toDouble(v);
                double lo = p.distribution().isLog() ? Math.log(p.lower()) : p.lower();
                double hi = p.distribution().isLog() ? Math.log(p.upper()) : p.upper();
                double t = ((p.distribution().isLog() ? Math.log(x) : x) - lo) / (hi - lo);
                loss += 4 * (t - 0.3) * (t - 0.3);
            }
        }
        return loss;
    }

    /** A successful outcome of a proposal, with the objectives the optimiser under test expects. */
    protected Outcome success(Proposal p) {
        return Outcome.success(p.id(), p.values(), metric(space(), p.values()));
    }

    public static void assertValid(List<ParamSpec> space, Proposal proposal) {
        assertEquals(space.stream().map(ParamSpec::param).toList(), new ArrayList<>(proposal.values().keySet()),
                "values keyed by param name in optimized_params order");
        for (ParamSpec p : space) {
            Object v = proposal.values().get(p.param());
            String what = p.param() + "=" + v + " (" + (v == null ? "null" : v.getClass().getSimpleName()) + ")";
            switch (p.distribution()) {
                case Discrete -> assertTrue(p.options().stream().anyMatch(o -> o == v),
                        "one of the option objects, uncoerced: " + what);
                case IntNormal, IntLogNormal -> {
                    long l = assertInstanceOf(Long.class, v, what);
                    assertTrue(l >= p.lower() && l <= p.upper(), "in bounds: " + what);
                }
                case TruncatedNormal, TruncatedLogNormal -> {
                    if (v instanceof Double d) {
                        assertTrue(d >= p.lower() && d <= p.upper(), "in bounds: " + what);
                    } else if (!(v != null && (v.equals(p.lowerRaw()) || v.equals(p.upperRaw())))) {
                        fail("a Double, or a bound as written: " + what);
                    }
                }
            }
        }
    }

    private Outcome outcomeFor(Proposal p, int i) {
        if (i % 5 == 3) {
            return Outcome.failed(p.id(), p.values());
        }
        double m = metric(space(), p.values());
        return i % 7 == 5 ? Outcome.killed(p.id(), p.values(), m + 1) : success(p);
    }

    /** Batches of asks with tells of the previous batch in between; returns every proposal. */
    private List<Proposal> scenario(Optimizer opt, int rounds, int batch) {
        List<Proposal> all = new ArrayList<>();
        List<Proposal> inFlight = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<Proposal> asked = opt.ask(batch);
            all.addAll(asked);
            for (int i = 0; i < inFlight.size(); i++) {
                opt.tell(outcomeFor(inFlight.get(i), all.size() + i));
            }
            inFlight = asked;
        }
        return all;
    }

    @Test
    void asksNeverExceedMax() {
        Optimizer opt = create(space(), true, new SplittableRandom(1));
        for (int max : new int[] {0, 1, 3, 17}) {
            List<Proposal> got = opt.ask(max);
            assertTrue(got.size() <= max);
            if (!finite()) {
                assertEquals(max, got.size(), "an endless optimiser fills the request");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> opt.ask(-1));
    }

    @Test
    void valuesAreInBoundsOfTheRightTypeAndInOrder() {
        Optimizer opt = create(space(), true, new SplittableRandom(2));
        List<Proposal> all = scenario(opt, 25, 8);
        assertFalse(all.isEmpty());
        all.forEach(p -> assertValid(space(), p));
    }

    @Test
    void maximisingWorksToo() {
        Optimizer opt = create(space(), false, new SplittableRandom(3));
        scenario(opt, 20, 6).forEach(p -> assertValid(space(), p));
    }

    @Test
    void proposalIdsAreUnique() {
        Optimizer opt = create(space(), true, new SplittableRandom(4));
        Set<Long> ids = new HashSet<>();
        for (Proposal p : scenario(opt, 20, 7)) {
            assertTrue(ids.add(p.id()), "duplicate id " + p.id());
        }
    }

    @Test
    void deterministicGivenTheSeed() {
        List<Proposal> a = scenario(create(space(), true, new SplittableRandom(42)), 20, 7);
        List<Proposal> b = scenario(create(space(), true, new SplittableRandom(42)), 20, 7);
        assertEquals(a, b);
    }

    @Test
    void tellsInAnyOrderWithFailuresAndKillsNeverCrash() {
        Optimizer opt = create(space(), true, new SplittableRandom(5));
        List<Proposal> asked = new ArrayList<>(opt.ask(60));
        Collections.shuffle(asked, new Random(5));
        for (int i = 0; i < asked.size(); i++) {
            opt.tell(outcomeFor(asked.get(i), i));
        }
        Proposal extra = asked.get(0);
        opt.tell(new Outcome(extra.id(), extra.values(), Double.NaN, Outcome.Status.SUCCESS));
        opt.tell(new Outcome(extra.id(), extra.values(), null, Outcome.Status.KILLED));
        opt.ask(10).forEach(p -> assertValid(space(), p));
    }

    @Test
    void repeatedUnknownAndOddOutcomesAreHarmless() {
        Optimizer opt = create(space(), true, new SplittableRandom(6));
        List<Proposal> asked = opt.ask(12);
        for (Proposal p : asked) {
            Outcome o = success(p);
            opt.tell(o);
            opt.tell(o); // a repeated journal entry
        }
        Map<String, Object> foreign = new LinkedHashMap<>(asked.get(0).values());
        opt.tell(Outcome.success(1_000_000, foreign, 0.5)); // not asked by this instance
        opt.tell(Outcome.success(1_000_001, null, 0.5)); // unknown and without values: nothing to learn
        Map<String, Object> odd = new LinkedHashMap<>();
        space().forEach(p -> odd.put(p.param(), "nonsense"));
        opt.tell(Outcome.success(1_000_002, odd, 1.0));
        opt.tell(Outcome.success(1_000_003, Map.of(), 1.0));
        opt.tell(new Outcome(1_000_004, foreign, Double.POSITIVE_INFINITY, Outcome.Status.SUCCESS));
        List<Proposal> next = opt.ask(10);
        next.forEach(p -> assertValid(space(), p));
        next.forEach(p -> assertTrue(p.id() > 1_000_004, "ids continue after every id seen"));
    }

    @Test
    void manyPendingProposalsAreAllowed() {
        Optimizer opt = create(space(), true, new SplittableRandom(7));
        List<Proposal> first = opt.ask(20);
        for (Proposal p : first) {
            opt.tell(success(p));
        }
        List<Proposal> pending = new ArrayList<>();
        for (int i = 0; i < 30 && !opt.isExhausted(); i++) {
            pending.addAll(opt.ask(10));
        }
        pending.forEach(p -> assertValid(space(), p));
        if (!finite()) {
            assertEquals(300, pending.size());
        }
        for (Proposal p : pending) {
            opt.tell(success(p));
        }
    }

    @Test
    void exhaustedMeansNoMoreProposals() {
        Optimizer opt = create(space(), true, new SplittableRandom(8));
        if (!finite()) {
            scenario(opt, 30, 10);
            assertFalse(opt.isExhausted());
            return;
        }
        long total = 0;
        while (!opt.isExhausted()) {
            List<Proposal> got = opt.ask(7);
            assertFalse(got.isEmpty(), "not exhausted, so a proposal must come");
            total += got.size();
            got.forEach(p -> opt.tell(Outcome.success(p.id(), p.values(), 1.0)));
            assertTrue(total <= totalProposals());
        }
        assertEquals(totalProposals(), total);
        assertTrue(opt.ask(5).isEmpty());
        assertTrue(opt.isExhausted());
    }

    @Test
    void rebuildsByReplay() {
        Optimizer original = create(space(), true, new SplittableRandom(9));
        List<Proposal> asked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            asked.addAll(original.ask(10));
        }
        List<Outcome> journal = new ArrayList<>();
        List<Proposal> inFlight = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            if (i % 6 == 1) {
                inFlight.add(asked.get(i));
                continue;
            }
            Outcome o = outcomeFor(asked.get(i), i);
            original.tell(o);
            journal.add(o);
        }

        Optimizer rebuilt = create(space(), true, new SplittableRandom(9));
        journal.forEach(rebuilt::tell);
        inFlight.forEach(rebuilt::restorePending);
        long maxId = asked.stream().mapToLong(Proposal::id).max().orElseThrow();
        List<Proposal> next = rebuilt.ask(10);
        next.forEach(p -> assertValid(space(), p));
        next.forEach(p -> assertTrue(p.id() > maxId, "no id collides with the crashed run's"));
        for (Proposal p : inFlight) {
            rebuilt.tell(success(p));
        }
        rebuilt.ask(5).forEach(p -> assertValid(space(), p));
    }
}
