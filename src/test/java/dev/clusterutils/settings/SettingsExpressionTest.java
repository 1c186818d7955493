package dev.clusterutils.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.value.PyTuple;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Python-expression evaluator behind dynamic values: Python's semantics, not Java's. */
class SettingsExpressionTest {
    private static final Map<String, Object> NS = namespace();

    private static Map<String, Object> namespace() {
        Map<String, Object> fnArgs = new LinkedHashMap<>();
        fnArgs.put("y", 0.3);
        fnArgs.put("n", 4L);
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("fn_args", fnArgs);
        ns.put("pairs", List.of(-0.5, 10L));
        ns.put("tup", PyTuple.of(1L, 2L, 3L));
        ns.put("name", "run");
        ns.put("none", null);
        ns.put("d", Map.of("k", 1L));
        return ns;
    }

    static Object eval(String expr) {
        return new PyEvaluator(NS, true).eval(PyExprParser.parse(expr, null));
    }

    static String error(String expr) {
        return assertThrows(PyEvalException.class, () -> eval(expr)).getMessage();
    }

    @Test
    void integerArithmeticNeverOverflows() {
        assertEquals(3L, eval("1 + 2"));
        assertEquals(new BigInteger("9223372036854775808"), eval("9223372036854775807 + 1"));
        assertEquals(new BigInteger("1267650600228229401496703205376"), eval("2 ** 100"));
        assertEquals(1024L, eval("2 ** 10"));
        assertEquals(-4L, eval("-2 ** 2"));
        assertEquals(4L, eval("(-2) ** 2"));
        assertEquals(512L, eval("2 ** 3 ** 2"));
        assertEquals(2L, eval("True + 1"));
        assertEquals(7L, eval("1 + 2 * 3"));
        assertEquals(-1L, eval("~0"));
        assertEquals(6L, eval("3 << 1"));
        assertEquals(3L, eval("5 & 3 ^ 2 | 0"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "7 / 2; 3.5", "6 / 3; 2.0", "1 / 3; 0.3333333333333333", "7 // 2; 3", "-7 // 2; -4", "7 % -3; -2", "-7 % 3; 2",
        "7.5 // 2; 3.0", "-7.5 % 2; 0.5", "2 ** -1; 0.5", "0.1 + 0.2; 0.30000000000000004", "1e-5 * 2; 2e-05",
        "fn_args.y / 3; 0.09999999999999999", "fn_args.n // 3; 1"})
    void divisionFollowsPython(String expr, String repr) {
        assertEquals(repr, PyOps.repr(eval(expr)));
    }

    @Test
    void sequencesConcatenateAndRepeat() {
        assertEquals("ab", eval("'a' + 'b'"));
        assertEquals(List.of(1L, 2L), eval("[1] + [2]"));
        assertEquals(PyTuple.of(1L, 2L), eval("(1,) + (2,)"));
        assertEquals("ababab", eval("'ab' * 3"));
        assertEquals(List.of(0L, 0L, 0L), eval("3 * [0]"));
        assertEquals("", eval("'x' * -1"));
        assertTrue(error("1 + 'a'").startsWith("TypeError: unsupported operand type(s) for +: 'int' and 'str'"));
        assertTrue(error("[1] + (2,)").startsWith("TypeError"));
        assertTrue(error("1 / 0").startsWith("ZeroDivisionError"));
        assertTrue(error("1 % 0").startsWith("ZeroDivisionError"));
        assertTrue(error("'%d' % 3").startsWith("TypeError"));
    }

    @Test
    void comparisonsChainAndCompareAcrossNumberTypes() {
        assertEquals(true, eval("1 < 2 < 3"));
        assertEquals(false, eval("1 < 3 < 2"));
        assertEquals(true, eval("1 == 1.0 == True"));
        assertEquals(true, eval("'a' < 'b' <= 'b'"));
        assertEquals(true, eval("[1, 2] < [1, 3]"));
        assertEquals(true, eval("(1, 2) != [1, 2]"));
        assertEquals(true, eval("1 in [1, 2] and 'b' in 'abc' and 'k' in d and 5 not in tup"));
        assertEquals(true, eval("none is None and name is not None"));
        assertEquals(true, eval("2 in range(0, 10, 2)"));
        assertTrue(error("1 < 'a'").startsWith("TypeError: '<' not supported between instances of 'int' and 'str'"));
    }

    @Test
    void booleanOperatorsReturnTheDecidingOperand() {
        assertEquals("x", eval("0 or 'x'"));
        assertEquals(0L, eval("1 and 0"));
        assertEquals(List.of(), eval("[] and 1"));
        assertEquals(true, eval("not []"));
        assertEquals(false, eval("not 'a'"));
        assertEquals("b", eval("'a' if 1 > 2 else 'b'"));
        assertEquals("a", eval("'a' if fn_args.y < 0.5 else 'b'"));
    }

    @Test
    void displays() {
        assertEquals(List.of(1L, 2.5, "x"), eval("[1, 2.5, 'x']"));
        assertEquals(PyTuple.of(1L, 2L), eval("(1, 2)"));
        assertEquals(PyTuple.of(1L, 2L), eval("1, 2"));
        assertEquals(PyTuple.of(1L), eval("(1,)"));
        assertEquals(PyTuple.of(), eval("()"));
        Object dict = eval("{'b': 1, 'a': [2]}");
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) dict).keySet()));
        assertNull(eval("None"));
    }

    @Test
    void namesAttributesAndSubscripts() {
        assertEquals(0.3, eval("fn_args.y"));
        assertEquals(-0.5, eval("pairs[0]"));
        assertEquals(10L, eval("pairs[-1]"));
        assertEquals(3L, eval("tup[-1]"));
        assertEquals(1L, eval("d['k']"));
        assertEquals("u", eval("name[1]"));
        assertEquals("ru", eval("name[0:2]"));
        assertEquals("nur", eval("name[::-1]"));
        assertEquals(PyTuple.of(2L, 3L), eval("tup[1:]"));
        assertEquals(List.of(3L, 1L), eval("[1, 2, 3][::-2]"));
        assertTrue(error("fn_args.z").startsWith("AttributeError"));
        assertTrue(error("name.upper").startsWith("AttributeError"));
        assertTrue(error("undefined + 1").startsWith("NameError: name 'undefined' is not defined"));
        assertTrue(error("pairs[2]").startsWith("IndexError"));
        assertTrue(error("d['missing']").startsWith("KeyError"));
        assertTrue(error("pairs['a']").startsWith("TypeError"));
    }

    @Test
    void whitelistedBuiltins() {
        assertEquals(List.of(1L, 2L, 3L), eval("list(range(1,4))"));
        assertEquals(List.of(10L, 7L, 4L), eval("list(range(10, 1, -3))"));
        assertEquals(PyTuple.of(0L, 1L, 2L), eval("tuple(range(3))"));
        assertEquals(List.of("a", "b"), eval("list('ab')"));
        assertEquals(3L, eval("len('abc')"));
        assertEquals(2L, eval("len(pairs)"));
        assertEquals(5L, eval("len(range(5))"));
        assertEquals(1L, eval("min(3, 1, 2)"));
        assertEquals(5L, eval("max([1, 5, 2])"));
        assertEquals(0L, eval("min([], default=0)"));
        assertEquals(2.5, eval("abs(-2.5)"));
        assertEquals(2L, eval("round(2.5)"));
        assertEquals(4L, eval("round(3.5)"));
        assertEquals(2.67, eval("round(2.675, 2)"));
        assertEquals(1200L, eval("round(1250, -2)"));
        assertEquals(42L, eval("int('42')"));
        assertEquals(255L, eval("int('ff', 16)"));
        assertEquals(3L, eval("int(3.9)"));
        assertEquals(-3L, eval("int(-3.9)"));
        assertEquals(1e-5, eval("float('1e-5')"));
        assertEquals(2.0, eval("float(2)"));
        assertEquals("0.1", eval("str(0.1)"));
        assertEquals("True", eval("str(True)"));
        assertEquals("[1, 'a']", eval("str([1, 'a'])"));
        assertEquals("range(1, 4)", eval("str(range(1, 4))"));
        assertEquals(false, eval("bool(0)"));
        assertEquals(true, eval("bool('x')"));
        assertEquals(6L, eval("sum([1, 2, 3])"));
        assertEquals(1.0, eval("sum([0.5, 0.5])"));
        assertEquals(List.of(1L, 2L, 3L), eval("sorted([3, 1, 2])"));
        assertEquals(List.of(3L, 2L, 1L), eval("sorted(tup, reverse=True)"));
        assertTrue(error("int('x')").startsWith("ValueError"));
        assertTrue(error("range(1.5)").startsWith("TypeError"));
        assertTrue(error("max([])").startsWith("ValueError"));
        assertTrue(error("len(5)").startsWith("TypeError"));
    }

    @Test
    void nothingOutsideTheWhitelistCanBeCalled() {
        assertTrue(error("open('x')").startsWith("NameError"));
        assertTrue(error("__import__('os')").startsWith("NameError"));
        assertTrue(error("name()").startsWith("TypeError: 'str' object is not callable"));
        PyEvalException e = assertThrows(PyEvalException.class,
                () -> new PyEvaluator(NS, false).eval(PyExprParser.parse("list(range(3))", null)));
        assertTrue(e.getMessage().startsWith("NameError: name 'list'"));
    }

    @Test
    void unsupportedSyntaxIsASyntaxError() {
        for (String expr : List.of("lambda x: x", "[x for x in pairs]", "{1, 2}", "x := 1", "*pairs", "a = 1", "f'{1}'", "")) {
            PyEvalException e = assertThrows(PyEvalException.class, () -> eval(expr), expr);
            assertTrue(e.getMessage().startsWith("SyntaxError"), expr + " -> " + e.getMessage());
        }
    }

    @Test
    void parserReportsTheNamesAnExpressionReads() {
        Set<String> names = new LinkedHashSet<>();
        PyExprParser.parse("base * 2 + fn_args.y if ENV_X else len(other)", names);
        assertEquals(Set.of("base", "fn_args", "ENV_X", "len", "other"), names);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "3.14159; .2f; 3.14", "2.675; .2f; 2.67", "42; 05d; 00042", "42; >6; '    42'", "\"ab\"; <4; 'ab  '", "\"ab\"; ^6; '  ab  '",
        "1234567; ,; '1,234,567'", "1234567.891; ,.2f; '1,234,567.89'", "0.000123; .3e; 1.230e-04", "12345.678; g; 12345.7",
        "0.00001234; g; 1.234e-05", "0.125; .1%; 12.5%", "255; x; ff", "255; #X; 0XFF", "-3; +d; -3", "3; +d; +3",
        "0.5; ''; 0.5", "1e20; ''; 1e+20", "3.0; .3; 3.0", "1.0; *^7.1f; '**1.0**'", "-1.5; 08.2f; -0001.50"})
    void formatSpecs(String value, String spec, String expected) {
        Object v = eval(value);
        assertEquals(expected, PyFormatSpec.format(v, spec));
    }
}
