package dev.clusterutils.space;

import dev.clusterutils.value.PyTuple;
import dev.clusterutils.value.PythonRepr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code ==} and hashing for parameter values, so that counting, grouping and grid look-ups
 * treat {@code 1}, {@code 1.0} and {@code True} alike, as the original's dicts and pandas groupby do.
 *
 * <p>One deliberate leniency: a {@link List} equals a {@link PyTuple} with equal items. Settings
 * turn list options into tuples, but a value that went through a JSON journal may come back as a
 * list, and it must still count as the option it was drawn from.
 */
public final class PyValues {
    private PyValues() {
    }

    public static boolean pyEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (isNumeric(a) && isNumeric(b)) {
            if (isIntegral(a) && isIntegral(b)) {
                return toBigInteger(a).equals(toBigInteger(b));
            }
            return toDouble(a) == toDouble(b);
        }
        List<?> la = asSequence(a);
        List<?> lb = asSequence(b);
        if (la != null && lb != null) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!pyEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !pyEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * A key whose {@code equals}/{@code hashCode} agree with {@link #pyEquals} (numbers become
     * doubles, sequences become lists), for hash maps that group values.
     */
    public static Object hashKey(Object v) {
        if (v == null) {
            return NullKey.INSTANCE;
        }
        if (isNumeric(v)) {
            double d = toDouble(v);
            return d == 0.0 ? 0.0 : d; // -0.0 == 0.0 in Python
        }
        List<?> seq = asSequence(v);
        if (seq != null) {
            List<Object> out = new ArrayList<>(seq.size());
            seq.forEach(x -> out.add(hashKey(x)));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, hashKey(x)));
            return out;
        }
        return v;
    }

    /** Python's {@code str()} of a value, for the original's string-comparison fallback. */
    public static String str(Object v) {
        return PythonRepr.str(v);
    }

    /** Booleans are numbers in Python ({@code True == 1}). */
    public static boolean isNumeric(Object v) {
        return v instanceof Number || v instanceof Boolean;
    }

    public static double toDouble(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return ((Number) v).doubleValue();
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte || v instanceof BigInteger;
    }

    private static BigInteger toBigInteger(Object v) {
        if (v instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (v instanceof BigInteger bi) {
            return bi;
        }
        return BigInteger.valueOf(((Number) v).longValue());
    }

    private static List<?> asSequence(Object v) {
        if (v instanceof PyTuple t) {
            return t.items();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        return null;
    }

    private enum NullKey { INSTANCE }
}
