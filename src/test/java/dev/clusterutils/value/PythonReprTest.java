package dev.clusterutils.value;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonReprTest {
    @Test
    void floatsLookLikePythonRepr() {
        assertEquals("0.1", PythonRepr.floatRepr(0.1));
        assertEquals("1e-05", PythonRepr.floatRepr(1e-5));
        assertEquals("0.0001", PythonRepr.floatRepr(1e-4));
        assertEquals("100.0", PythonRepr.floatRepr(100.0));
        assertEquals("1e+16", PythonRepr.floatRepr(1e16));
        assertEquals("1234567890123456.0", PythonRepr.floatRepr(1234567890123456.0));
        assertEquals("-2.5", PythonRepr.floatRepr(-2.5));
        assertEquals("-0.0", PythonRepr.floatRepr(-0.0));
        assertEquals("3.0", PythonRepr.floatRepr(3.0));
        assertEquals("0.3333333333333333", PythonRepr.floatRepr(1.0 / 3));
        assertEquals("1.5e-10", PythonRepr.floatRepr(1.5e-10));
    }

    @Test
    void dictLiteralMatchesTheOriginalsParameterDict() {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("u", -0.5);
        fn.put("v", 10L);
        fn.put("sharp_penalty", false);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("fn_args", fn);
        p.put("test_resume", false);
        p.put("name", "it's");
        p.put("pair", PyTuple.of(1L, 2L));
        p.put("one", PyTuple.of("a"));
        p.put("list", List.of(1L, "b"));
        p.put("none", null);
        p.put("id", 0L);
        assertEquals("{'fn_args': {'u': -0.5, 'v': 10, 'sharp_penalty': False}, 'test_resume': False, 'name': \"it's\", "
                + "'pair': (1, 2), 'one': ('a',), 'list': [1, 'b'], 'none': None, 'id': 0}", PythonRepr.repr(p));
    }

    @Test
    void stringsEscapeLikePython() {
        assertEquals("'a\\nb'", PythonRepr.repr("a\nb"));
        assertEquals("'back\\\\slash'", PythonRepr.repr("back\\slash"));
        assertEquals("'both \\' and \"'", PythonRepr.repr("both ' and \""));
        assertEquals("True", PythonRepr.str(true));
        assertEquals("plain", PythonRepr.str("plain"));
    }

    @Test
    void nonFiniteFloatsAreFoundAnywhereInAValue() {
        org.junit.jupiter.api.Assertions.assertFalse(PythonRepr.hasNonFinite(java.util.Map.of("a", java.util.List.of(1.0, 2L, "nan"))));
        org.junit.jupiter.api.Assertions.assertTrue(PythonRepr.hasNonFinite(java.util.Map.of("a", java.util.List.of(1.0, Double.NaN))));
        org.junit.jupiter.api.Assertions.assertTrue(PythonRepr.hasNonFinite(new PyTuple(new java.util.ArrayList<>(
                java.util.List.of(Double.NEGATIVE_INFINITY)))));
        org.junit.jupiter.api.Assertions.assertTrue(PythonRepr.hasNonFinite(java.util.Map.of("a", java.util.Map.of("b", Float.POSITIVE_INFINITY))));
    }
}
