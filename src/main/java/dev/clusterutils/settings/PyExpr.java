package dev.clusterutils.settings;

import java.util.List;
import java.util.Map;

/** The syntax tree of the Python expressions that dynamic settings values may contain. */
sealed interface PyExpr {

    record Const(Object value) implements PyExpr {
    }

    record Name(String id) implements PyExpr {
    }

    /** {@code target.name}: on settings dicts this reads the key {@code name}. */
    record Attribute(PyExpr target, String name) implements PyExpr {
    }

    record Subscript(PyExpr target, PyExpr index) implements PyExpr {
    }

    /** Only valid as the index of a {@link Subscript}; null parts are omitted bounds. */
    record Slice(PyExpr lower, PyExpr upper, PyExpr step) implements PyExpr {
    }

    /** {@code op} is one of {@code - + ~ not}. */
    record Unary(String op, PyExpr operand) implements PyExpr {
    }

    record Binary(String op, PyExpr left, PyExpr right) implements PyExpr {
    }

    /** {@code a and b and c} ({@code and == true}) or {@code a or b}. */
    record BoolOp(boolean and, List<PyExpr> values) implements PyExpr {
    }

    /** {@code first ops[0] rest[0] ops[1] rest[1] ...}, chained as in Python. */
    record Compare(PyExpr first, List<String> ops, List<PyExpr> rest) implements PyExpr {
    }

    record IfElse(PyExpr test, PyExpr body, PyExpr orElse) implements PyExpr {
    }

    record ListDisplay(List<PyExpr> items) implements PyExpr {
    }

    record TupleDisplay(List<PyExpr> items) implements PyExpr {
    }

    record DictDisplay(List<PyExpr> keys, List<PyExpr> values) implements PyExpr {
    }

    record Call(PyExpr function, List<PyExpr> args, Map<String, PyExpr> kwargs) implements PyExpr {
    }
}
