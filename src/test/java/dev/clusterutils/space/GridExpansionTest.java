package dev.clusterutils.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clusterutils.value.PyTuple;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridExpansionTest {
    private static GridEntry entry(String name, Object... values) {
        return new GridEntry(List.of(name), List.of(values));
    }

    @Test
    void lastEntryVariesFastestAndRestartsRepeatTheGrid() {
        GridExpansion g = new GridExpansion(List.of(entry("a", 1L, 2L), entry("b", "x", "y", "z")), 2, null, 0);
        assertEquals(12, g.size());
        assertEquals(Map.of("a", 1L, "b", "x"), g.point(0).values());
        assertEquals(Map.of("a", 1L, "b", "y"), g.point(1).values());
        assertEquals(Map.of("a", 2L, "b", "x"), g.point(3).values());
        assertEquals(0, g.point(5).restart());
        assertEquals(1, g.point(6).restart());
        assertEquals(g.point(2).values(), g.point(8).values());
    }

    @Test
    void dottedNamesBecomeNestedDictsInHyperparameterOrder() {
        GridExpansion g = new GridExpansion(List.of(entry("fn_args.u", -0.5), entry("fn_args.v", 10L), entry("lr", 0.1)), 1, null, 0);
        Map<String, Object> p = g.point(0).values();
        assertEquals("{fn_args={u=-0.5, v=10}, lr=0.1}", p.toString());
        assertEquals(List.of("fn_args.u", "fn_args.v", "lr"), g.parameterNames());
    }

    @Test
    void zippedEntriesPairValuesPositionByPosition() {
        GridEntry zipped = new GridEntry(List.of("fn_args.x", "fn_args.y"), List.of(PyTuple.of(3.0, 0.1), PyTuple.of(3.5, 1.0)));
        GridExpansion g = new GridExpansion(List.of(zipped), 1, null, 0);
        assertEquals(2, g.size());
        assertEquals(Map.of("fn_args", Map.of("x", 3.5, "y", 1.0)), g.point(1).values());
    }

    @Test
    void emptyListGivesOneEmptyConfigurationPerRestart() {
        GridExpansion g = new GridExpansion(List.of(), 3, null, 0);
        assertEquals(3, g.size());
        assertEquals(Map.of(), g.point(2).values());
    }

    @Test
    void samplingDrawsPerRestartAndIsReproducibleFromTheSeed() {
        List<GridEntry> entries = List.of(entry("a", 1L, 2L, 3L, 4L), new GridEntry(List.of("b", "c"), List.of(PyTuple.of(1L, 2L), PyTuple.of(3L, 4L))));
        GridExpansion g1 = new GridExpansion(entries, 2, 50, 42);
        GridExpansion g2 = new GridExpansion(entries, 2, 50, 42);
        assertEquals(100, g1.size());
        Set<Object> seen = new HashSet<>();
        for (long i = 0; i < g1.size(); i++) {
            assertEquals(g1.point(i).values(), g2.point(i).values());
            seen.add(g1.point(i).values().get("a"));
        }
        assertEquals(Set.of(1L, 2L, 3L, 4L), seen);
        assertEquals(1, g1.point(50).restart());
    }

    @Test
    void aMillionPointGridCostsNothingUntilAsked() {
        GridEntry ten = entry("p", 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        GridEntry tenB = entry("q", 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        GridExpansion g = new GridExpansion(List.of(ten, tenB, ten, tenB, entry("r", 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
                entry("s", 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)), 1, null, 0);
        assertEquals(1_000_000, g.size());
        assertEquals(Map.of("p", 9L, "q", 9L, "r", 9L, "s", 9L), g.point(999_999).values());
    }

    @Test
    void restartsBelowOneAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GridExpansion(List.of(), 0, null, 0));
    }
}
