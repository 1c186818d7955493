package dev.clusterutils.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PythonLiteralParserTest {

    @Test
    void nestingIsBoundedInsteadOfOverflowingTheStack() {
        String ok = "[".repeat(100) + "]".repeat(100);
        assertEquals(1, ((java.util.List<?>) PythonLiteralParser.parse(ok)).size());
        for (String open : new String[]{"[", "(", "{'k': "}) {
            String close = open.equals("[") ? "]" : open.equals("(") ? ",)" : "}";
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> PythonLiteralParser.parse(open.repeat(60_000) + "1" + close.repeat(60_000)));
            assertEquals(true, e.getMessage().startsWith("nested deeper than 100 levels at column "), e.getMessage());
        }
    }

    @Test
    void strings() {
        assertEquals("abc", PythonLiteralParser.parse("'abc'"));
        assertEquals("abc", PythonLiteralParser.parse("\"abc\""));
        assertEquals("it's", PythonLiteralParser.parse("\"it's\""));
        assertEquals("it's", PythonLiteralParser.parse("'it\\'s'"));
        assertEquals("a\tb\nc\\d", PythonLiteralParser.parse("'a\\tb\\nc\\\\d'"));
        assertEquals("A\u00e9\u20ac", PythonLiteralParser.parse("'\\x41\\xe9\\u20ac'"));
        assertEquals("\\d+", PythonLiteralParser.parse("r'\\d+'"));
        assertEquals("string with = sign", PythonLiteralParser.parse("'string with = sign'"));
        assertEquals("ab", PythonLiteralParser.parse("'a' \"b\""));
        assertEquals("multi\nline", PythonLiteralParser.parse("'''multi\nline'''"));
        assertEquals("\\q", PythonLiteralParser.parse("'\\q'"));
        assertEquals("", PythonLiteralParser.parse("''"));
    }

    @Test
    void integersKeepArbitrarySize() {
        assertEquals(42L, PythonLiteralParser.parse("42"));
        assertEquals(-42L, PythonLiteralParser.parse("-42"));
        assertEquals(42L, PythonLiteralParser.parse("+42"));
        assertEquals(1000000L, PythonLiteralParser.parse("1_000_000"));
        assertEquals(255L, PythonLiteralParser.parse("0xff"));
        assertEquals(8L, PythonLiteralParser.parse("0o10"));
        assertEquals(5L, PythonLiteralParser.parse("0b101"));
        assertEquals(0L, PythonLiteralParser.parse("0"));
        assertEquals(new BigInteger("123456789012345678901234567890"), PythonLiteralParser.parse("123456789012345678901234567890"));
        assertEquals(Long.MIN_VALUE, PythonLiteralParser.parse("-9223372036854775808"));
        assertEquals(new BigInteger("9223372036854775808"), PythonLiteralParser.parse("9223372036854775808"));
    }

    @Test
    void floats() {
        assertEquals(1e-5, PythonLiteralParser.parse("1e-5"));
        assertEquals(0.5, PythonLiteralParser.parse(".5"));
        assertEquals(5.0, PythonLiteralParser.parse("5."));
        assertEquals(-2.5, PythonLiteralParser.parse("-2.5"));
        assertEquals(1.5e10, PythonLiteralParser.parse("1.5E+10"));
        assertEquals(1000.5, PythonLiteralParser.parse("1_000.5"));
        assertEquals(Double.POSITIVE_INFINITY, PythonLiteralParser.parse("1e400"));
    }

    @Test
    void constants() {
        assertEquals(true, PythonLiteralParser.parse("True"));
        assertEquals(false, PythonLiteralParser.parse("False"));
        assertNull(PythonLiteralParser.parse("None"));
        assertEquals(true, PythonLiteralParser.parse("  True  "));
    }

    @Test
    void containersNest() {
        assertEquals(List.of(1L, "a", List.of(2.0, true)), PythonLiteralParser.parse("[1, 'a', [2.0, True]]"));
        assertEquals(List.of(), PythonLiteralParser.parse("[]"));
        assertEquals(List.of(1L), PythonLiteralParser.parse("[1,]"));
        assertEquals(PyTuple.of(1L, 2L), PythonLiteralParser.parse("(1, 2)"));
        assertEquals(PyTuple.of(1L), PythonLiteralParser.parse("(1,)"));
        assertEquals(PyTuple.of(), PythonLiteralParser.parse("()"));
        assertEquals(3L, PythonLiteralParser.parse("(3)"));
        assertEquals(PyTuple.of(1L, 2L), PythonLiteralParser.parse("1, 2"));
        Object dict = PythonLiteralParser.parse("{'b': 1, 'a': [None, (1, 2)], 3: -1.5}");
        assertEquals(List.of("b", "a", 3L), new ArrayList<>(((Map<?, ?>) dict).keySet()));
        assertEquals(java.util.Arrays.asList(null, PyTuple.of(1L, 2L)), ((Map<?, ?>) dict).get("a"));
        assertEquals(Map.of(), PythonLiteralParser.parse("{}"));
        assertEquals(PyTuple.of(PyTuple.of(1L), List.of()), PythonLiteralParser.parse("((1,), [])"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad_string", "1 + 2", "f(1)", "[1, 2", "{'a' 1}", "'unterminated", "", "--1", "-'a'",
            "01", "1j", "b'x'", "{[1]: 2}", "1 2", "a.b", "{1, 2}"})
    void rejectsWhatLiteralEvalRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> PythonLiteralParser.parse(text));
    }

    @Test
    void errorsNameTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonLiteralParser.parse("[1, bad]"));
        assertTrue(e.getMessage().contains("'bad' at column 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PythonLiteralParser.parse("[1, 2"));
        assertTrue(e.getMessage().contains("column 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PythonLiteralParser.parse("(1, 'x"));
        assertTrue(e.getMessage().contains("unterminated string literal at column 5"), e.getMessage());
    }

    @Test
    void roundTripsThroughPythonRepr() {
        String repr = "{'a': [1, 2.5, None, True], 'b': (1,), 'c': 'it\\'s', 'd': 1e-05}";
        Object value = PythonLiteralParser.parse(repr);
        assertEquals(value, PythonLiteralParser.parse(PythonRepr.repr(value)));
        assertEquals("{'a': [1, 2.5, None, True], 'b': (1,), 'c': \"it's\", 'd': 1e-05}", PythonRepr.repr(value));
    }
}
