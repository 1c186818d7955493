package dev.clusterutils.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one place of Python's value semantics: strict for the settings evaluator, lenient for parameter values. */
class PyValuesTest {
    @Test
    void numbersCompareAcrossTheTower() {
        assertTrue(PyValues.pythonEquals(1L, 1.0));
        assertTrue(PyValues.pythonEquals(true, 1));
        assertTrue(PyValues.pythonEquals(Map.of("a", List.of(1L)), Map.of("a", List.of(1.0))));
        assertFalse(PyValues.pythonEquals(1L, "1"));
        assertEquals(PyValues.hashKey(2L), PyValues.hashKey(2.0));
    }

    @Test
    void aListEqualsATupleOnlyAsAParameterValue() {
        PyTuple tuple = new PyTuple(List.of(1L, 2L));
        assertFalse(PyValues.pythonEquals(List.of(1L, 2L), tuple), "[1, 2] == (1, 2) is False in Python");
        assertTrue(PyValues.pyEquals(List.of(1L, 2L), tuple), "a tuple option read back from JSON as a list");
        assertTrue(PyValues.pythonEquals(tuple, new PyTuple(List.of(1.0, 2L))));
    }
}
