package dev.clusterutils.optim.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerContractTest;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.Specs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class GridOptimizerTest extends OptimizerContractTest {

    @Override
    protected Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
        return new GridOptimizer(space, 2, 3);
    }

    @Override
    protected long totalProposals() {
        // u 3, v 3, w 3, x 3, y 3, sharp_penalty 2, tuple 2, mixed 4 points; twice
        return 2L * 3 * 3 * 3 * 3 * 3 * 2 * 2 * 4;
    }

    private static List<Object> axis(ParamSpec spec, int points) {
        return GridAxis.of(spec, points).values();
    }

    @Test
    void axes() {
        assertEquals(List.of(-2L, -1L, 0L, 1L, 2L), axis(Specs.numeric("i", Distribution.IntNormal, -2L, 2L), 5));
        assertEquals(List.of(0L, 25L, 50L, 75L, 100L), axis(Specs.numeric("i", Distribution.IntNormal, 0L, 100L), 5));
        assertEquals(List.of(1L, 10L, 100L, 1000L), axis(Specs.numeric("i", Distribution.IntLogNormal, 1L, 1000L), 4));
        assertEquals(List.of(1L, 2L, 3L), axis(Specs.numeric("i", Distribution.IntLogNormal, 1L, 3L), 5));
        assertEquals(List.of(0.0, 0.5, 1.0), axis(Specs.numeric("x", Distribution.TruncatedNormal, 0L, 1L), 3));
        List<Object> log = axis(Specs.numeric("y", Distribution.TruncatedLogNormal, 1e-4, 1.0), 5);
        double[] expected = {1e-4, 1e-3, 1e-2, 1e-1, 1.0};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (Double) log.get(i), expected[i] * 1e-12);
        }
        assertEquals(List.of(0.5), axis(Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 1.0), 1));
        assertEquals(List.of("a", true), axis(Specs.discrete("d", "a", true), 7));
    }

    @Test
    void lastParameterVariesFastestAndRestartsRepeatTheGrid() {
        List<ParamSpec> space = List.of(Specs.discrete("a", 1L, 2L), Specs.discrete("b", "x", "y", "z"));
        GridOptimizer grid = new GridOptimizer(space, 2, 5);
        List<String> got = new ArrayList<>();
        for (Proposal p : grid.ask(100)) {
            got.add(p.values().get("a") + "" + p.values().get("b"));
        }
        assertEquals(List.of("1x", "1y", "1z", "2x", "2y", "2z", "1x", "1y", "1z", "2x", "2y", "2z"), got);
    }

    @Test
    void replayHandsOutExactlyTheRest() {
        List<ParamSpec> space = List.of(Specs.discrete("a", 1L, 2L, 3L), Specs.numeric("b", Distribution.IntNormal, 0L, 3L));
        GridOptimizer first = new GridOptimizer(space, 2, 5);
        List<Proposal> asked = first.ask(10);
        GridOptimizer rebuilt = new GridOptimizer(space, 2, 5);
        for (int i = 0; i < asked.size(); i++) {
            Proposal p = asked.get(i);
            if (i % 3 == 0) {
                rebuilt.restorePending(p); // still running
            } else {
                rebuilt.tell(i % 3 == 1 ? Outcome.success(p.id(), p.values(), 1.0) : Outcome.failed(p.id(), p.values()));
            }
        }
        Map<Map<String, Object>, Integer> counts = new HashMap<>();
        asked.forEach(p -> counts.merge(p.values(), 1, Integer::sum));
        List<Proposal> rest = rebuilt.ask(100);
        rest.forEach(p -> counts.merge(p.values(), 1, Integer::sum));
        assertEquals(24 - 10, rest.size());
        assertEquals(12, counts.size());
        counts.values().forEach(c -> assertEquals(2, c, "every point exactly restarts times"));
    }

    @Test
    void rejectsNonsense() {
        List<ParamSpec> space = List.of(Specs.discrete("a", 1L));
        assertThrows(IllegalArgumentException.class, () -> new GridOptimizer(space, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new GridOptimizer(space, 1, 0));
    }
}
