package dev.clusterutils.optim.es;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.Specs;
import dev.clusterutils.value.PyTuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitCubeTest {

    @Test
    void reflectionFoldsTheLineIntoTheCube() {
        assertEquals(0.8, UnitCube.reflect(1.2), 1e-12);
        assertEquals(0.3, UnitCube.reflect(-0.3), 1e-12);
        assertEquals(0.1, UnitCube.reflect(2.1), 1e-12);
        assertEquals(0.5, UnitCube.reflect(Double.NaN));
        assertEquals(1.8, UnitCube.nearestImage(0.2, 1.9), 1e-12);
        assertEquals(-0.3, UnitCube.nearestImage(0.3, -0.5), 1e-12);
    }

    @Test
    void discreteParametersTakeOneCoordinatePerOption() {
        UnitCube cube = new UnitCube(Specs.mixedSpace());
        assertEquals(5 + 2 + 2 + 4, cube.dimension());
    }

    @Test
    void encodeThenDecodeGivesTheValuesBack() {
        List<ParamSpec> space = Specs.mixedSpace();
        UnitCube cube = new UnitCube(space);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("fn_args.u", -1.25);
        values.put("fn_args.v", 37L);
        values.put("fn_args.w", -5L);
        values.put("fn_args.x", 4.0);
        values.put("fn_args.y", 0.5);
        values.put("fn_args.sharp_penalty", true);
        values.put("fn_args.tuple_input", PyTuple.of(2L, 3L, 4L));
        values.put("mixed", "a");
        Map<String, Object> back = cube.decode(cube.encode(values));
        assertEquals(-1.25, (Double) back.get("fn_args.u"), 1e-12);
        assertEquals(37L, back.get("fn_args.v"));
        assertEquals(-5L, back.get("fn_args.w"));
        assertEquals(4.0, (Double) back.get("fn_args.x"), 1e-12);
        assertEquals(0.5, (Double) back.get("fn_args.y"), 1e-12);
        assertEquals(true, back.get("fn_args.sharp_penalty"));
        assertEquals(PyTuple.of(2L, 3L, 4L), back.get("fn_args.tuple_input"));
        assertEquals("a", back.get("mixed"));
    }

    @Test
    void integersOwnEqualCells() {
        UnitCube cube = new UnitCube(List.of(Specs.numeric("k", Distribution.IntNormal, 0L, 3L)));
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[((Long) cube.decode(new double[] {(i + 0.5) / 4000}).get("k")).intValue()]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000}, counts);
    }

    @Test
    void valuesOutsideTheSpaceCannotBeEncoded() {
        UnitCube cube = new UnitCube(List.of(Specs.discrete("d", "a", "b")));
        assertNull(cube.encode(Map.of("d", "c")));
        assertNull(new UnitCube(List.of(Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 1.0)))
                .encode(Map.of("x", "text")));
    }
}
