package dev.clusterutils.report;

import dev.clusterutils.value.PythonRepr;

/** Parameter values as numbers and labels, the way a Python user would read them. */
final class Values {
    private Values() {
    }

    /** Numbers (not booleans) as double; anything else NaN. */
    static double number(Object v) {
        if (v instanceof Number n && !(v instanceof Boolean)) {
            return n.doubleValue();
        }
        return Double.NaN;
    }

    static boolean isNumber(Object v) {
        return v instanceof Number && !(v instanceof Boolean);
    }

    /** Python's {@code str()}: strings unquoted, {@code True}, {@code (1, 2)}, {@code None}. */
    static String label(Object v) {
        return PythonRepr.str(v);
    }
}
