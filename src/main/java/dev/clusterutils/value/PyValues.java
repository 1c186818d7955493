package dev.clusterutils.value;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's value semantics in one place: {@code ==}, hashing and the number tower ({@code True == 1
 * == 1.0}), for the settings evaluator ({@link #pythonEquals}, strict as Python) and for counting,
 * grouping and grid look-ups of parameter values ({@link #pyEquals}), as the original's dicts and
 * pandas groupby do.
 *
 * <p>One deliberate leniency in {@link #pyEquals}: a {@link List} equals a {@link PyTuple} with equal
 * items. Settings turn list options into tuples, but a value that went through a JSON journal may
 * come back as a list, and it must still count as the option it was drawn from.
 */
public final class PyValues {
    private PyValues() {
    }

    /** Parameter values: Python's {@code ==}, except that a list equals a tuple with equal items. */
    public static boolean pyEquals(Object a, Object b) {
        return equal(a, b, true);
    }

    /** Python's {@code ==} exactly ({@code [1] == (1,)} is false), for the settings evaluator. */
    public static boolean pythonEquals(Object a, Object b) {
        return equal(a, b, false);
    }

    private static boolean equal(Object a, Object b, boolean listIsTuple) {
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
        if (!listIsTuple && (a instanceof PyTuple) != (b instanceof PyTuple)) {
            return false;
        }
        List<?> la = asSequence(a);
        List<?> lb = asSequence(b);
        if (la != null && lb != null) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!equal(la.get(i), lb.get(i), listIsTuple)) {
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
                if (!mb.containsKey(e.getKey()) || !equal(e.getValue(), mb.get(e.getKey()), listIsTuple)) {
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

    /** Python ints: booleans and the integral boxes. */
    public static boolean isIntegral(Object v) {
        return v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte || v instanceof BigInteger;
    }

    public static BigInteger toBigInteger(Object v) {
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
