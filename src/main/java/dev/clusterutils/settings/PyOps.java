package dev.clusterutils.settings;

import dev.clusterutils.value.PyTuple;
import dev.clusterutils.value.PyValues;
import dev.clusterutils.value.PythonRepr;
import dev.clusterutils.value.PythonTokenizer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python value semantics on the Java representation the settings use: None = null, bool =
 * Boolean, int = Long or BigInteger, float = Double, str = String, list = List, tuple =
 * {@link PyTuple}, dict = Map. Ints never overflow (they grow into BigInteger), true division
 * gives a float, floor division and modulo follow the divisor's sign, bools count as ints.
 */
final class PyOps {
    private PyOps() {
    }

    /** Python's {@code range} object; only exists while an expression is evaluated. */
    record PyRange(long start, long stop, long step) {
        long size() {
            if (step > 0) {
                return start < stop ? (stop - start - 1) / step + 1 : 0;
            }
            return start > stop ? (start - stop - 1) / (-step) + 1 : 0;
        }

        @Override
        public String toString() {
            return step == 1 ? "range(" + start + ", " + stop + ")" : "range(" + start + ", " + stop + ", " + step + ")";
        }
    }

    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            return "int";
        }
        if (v instanceof Double || v instanceof Float) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof PyTuple) {
            return "tuple";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof PyRange) {
            return "range";
        }
        if (v instanceof PyEvaluator.Builtin) {
            return "builtin_function_or_method";
        }
        return v.getClass().getSimpleName();
    }

    static PyEvalException typeError(String message) {
        return new PyEvalException("TypeError", message);
    }

    static PyEvalException valueError(String message) {
        return new PyEvalException("ValueError", message);
    }

    // ---- str / repr -------------------------------------------------------------------------

    static String str(Object v) {
        if (v instanceof PyRange || v instanceof PyEvaluator.Builtin) {
            return v.toString();
        }
        return PythonRepr.str(v);
    }

    static String repr(Object v) {
        if (v instanceof PyRange || v instanceof PyEvaluator.Builtin) {
            return v.toString();
        }
        return PythonRepr.repr(v);
    }

    // ---- numbers ----------------------------------------------------------------------------

    static boolean isInt(Object v) {
        return PyValues.isIntegral(v);
    }

    static boolean isNumber(Object v) {
        return isInt(v) || v instanceof Double || v instanceof Float;
    }

    static BigInteger big(Object v) {
        return PyValues.toBigInteger(v);
    }

    static double dbl(Object v) {
        return PyValues.toDouble(v);
    }

    /** Long when it fits, BigInteger otherwise. */
    static Number intOf(BigInteger v) {
        return PythonTokenizer.normalise(v);
    }

    static Object binary(String op, Object a, Object b) {
        switch (op) {
            case "+":
                return add(a, b);
            case "-":
                if (isInt(a) && isInt(b)) {
                    return intOf(big(a).subtract(big(b)));
                }
                if (isNumber(a) && isNumber(b)) {
                    return dbl(a) - dbl(b);
                }
                break;
            case "*":
                return multiply(a, b);
            case "/":
                if (isNumber(a) && isNumber(b)) {
                    if (dbl(b) == 0 && (!isInt(b) || big(b).signum() == 0)) {
                        throw new PyEvalException("ZeroDivisionError", "division by zero");
                    }
                    if (isInt(a) && isInt(b)) {
                        // Exact for big ints too, rounded once like Python's int true division.
                        return new BigDecimal(big(a)).divide(new BigDecimal(big(b)), MathContext.DECIMAL128).doubleValue();
                    }
                    return dbl(a) / dbl(b);
                }
                break;
            case "//":
                if (isNumber(a) && isNumber(b)) {
                    checkNonZero(b);
                    if (isInt(a) && isInt(b)) {
                        BigInteger[] qr = big(a).divideAndRemainder(big(b));
                        BigInteger q = qr[0];
                        if (qr[1].signum() != 0 && (qr[1].signum() != big(b).signum())) {
                            q = q.subtract(BigInteger.ONE);
                        }
                        return intOf(q);
                    }
                    return Math.floor(dbl(a) / dbl(b));
                }
                break;
            case "%":
                if (isNumber(a) && isNumber(b)) {
                    checkNonZero(b);
                    if (isInt(a) && isInt(b)) {
                        BigInteger m = big(a).mod(big(b).abs());
                        if (big(b).signum() < 0 && m.signum() != 0) {
                            m = m.add(big(b));
                        }
                        return intOf(m);
                    }
                    double x = dbl(a);
                    double y = dbl(b);
                    double r = x % y;
                    if (r != 0 && (r < 0) != (y < 0)) {
                        r += y;
                    }
                    return r == 0 ? Math.copySign(0.0, y) : r;
                }
                if (a instanceof String) {
                    throw typeError("printf-style string formatting is not supported");
                }
                break;
            case "**":
                return power(a, b);
            case "&", "|", "^", "<<", ">>":
                if (isInt(a) && isInt(b)) {
                    if (a instanceof Boolean x && b instanceof Boolean y && !op.startsWith("<") && !op.startsWith(">")) {
                        return switch (op) {
                            case "&" -> x & y;
                            case "|" -> x | y;
                            default -> x ^ y;
                        };
                    }
                    BigInteger x = big(a);
                    BigInteger y = big(b);
                    return switch (op) {
                        case "&" -> intOf(x.and(y));
                        case "|" -> intOf(x.or(y));
                        case "^" -> intOf(x.xor(y));
                        default -> {
                            if (y.signum() < 0) {
                                throw valueError("negative shift count");
                            }
                            if (y.bitLength() > 16) {
                                throw new PyEvalException("OverflowError", "shift count too large");
                            }
                            yield intOf(op.equals("<<") ? x.shiftLeft(y.intValue()) : x.shiftRight(y.intValue()));
                        }
                    };
                }
                break;
            default:
                break;
        }
        throw typeError("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static void checkNonZero(Object b) {
        if (isInt(b) ? big(b).signum() == 0 : dbl(b) == 0) {
            throw new PyEvalException("ZeroDivisionError", "integer division or modulo by zero");
        }
    }

    private static Object add(Object a, Object b) {
        if (isInt(a) && isInt(b)) {
            return intOf(big(a).add(big(b)));
        }
        if (isNumber(a) && isNumber(b)) {
            return dbl(a) + dbl(b);
        }
        if (a instanceof String x && b instanceof String y) {
            return x + y;
        }
        if (a instanceof PyTuple x && b instanceof PyTuple y) {
            List<Object> out = new ArrayList<>(x.items());
            out.addAll(y.items());
            return new PyTuple(out);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return out;
        }
        throw typeError("unsupported operand type(s) for +: '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static Object multiply(Object a, Object b) {
        if (isInt(a) && isInt(b)) {
            return intOf(big(a).multiply(big(b)));
        }
        if (isNumber(a) && isNumber(b)) {
            return dbl(a) * dbl(b);
        }
        if (isInt(b) && (a instanceof String || a instanceof List || a instanceof PyTuple)) {
            return repeat(a, big(b));
        }
        if (isInt(a) && (b instanceof String || b instanceof List || b instanceof PyTuple)) {
            return repeat(b, big(a));
        }
        throw typeError("unsupported operand type(s) for *: '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static Object repeat(Object seq, BigInteger times) {
        int n = times.signum() <= 0 ? 0 : times.min(BigInteger.valueOf(1_000_000)).intValue();
        if (seq instanceof String s) {
            if ((long) s.length() * n > 1_000_000) {
                throw new PyEvalException("MemoryError", "result too large");
            }
            return s.repeat(n);
        }
        List<?> items = seq instanceof PyTuple t ? t.items() : (List<?>) seq;
        if ((long) items.size() * n > 1_000_000) {
            throw new PyEvalException("MemoryError", "result too large");
        }
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.addAll(items);
        }
        return seq instanceof PyTuple ? new PyTuple(out) : out;
    }

    private static Object power(Object a, Object b) {
        if (isInt(a) && isInt(b)) {
            BigInteger base = big(a);
            BigInteger exp = big(b);
            if (exp.signum() >= 0) {
                if (exp.bitLength() > 20 && base.abs().compareTo(BigInteger.ONE) > 0) {
                    throw new PyEvalException("MemoryError", "exponent too large");
                }
                return intOf(base.pow(exp.intValue()));
            }
            if (base.signum() == 0) {
                throw new PyEvalException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
            }
            return Math.pow(base.doubleValue(), exp.doubleValue());
        }
        if (isNumber(a) && isNumber(b)) {
            double x = dbl(a);
            double y = dbl(b);
            if (x == 0 && y < 0) {
                throw new PyEvalException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
            }
            if (x < 0 && y != Math.rint(y)) {
                throw valueError("negative number cannot be raised to a fractional power (complex result)");
            }
            double r = Math.pow(x, y);
            if (Double.isInfinite(r) && !Double.isInfinite(x)) {
                throw new PyEvalException("OverflowError", "(34, 'Numerical result out of range')");
            }
            return r;
        }
        throw typeError("unsupported operand type(s) for ** or pow(): '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    static Object negate(Object v) {
        if (isInt(v)) {
            return intOf(big(v).negate());
        }
        if (v instanceof Double d) {
            return -d;
        }
        throw typeError("bad operand type for unary -: '" + typeName(v) + "'");
    }

    static Object plus(Object v) {
        if (isInt(v)) {
            return intOf(big(v));
        }
        if (v instanceof Double) {
            return v;
        }
        throw typeError("bad operand type for unary +: '" + typeName(v) + "'");
    }

    static Object invert(Object v) {
        if (isInt(v)) {
            return intOf(big(v).not());
        }
        throw typeError("bad operand type for unary ~: '" + typeName(v) + "'");
    }

    // ---- truth, equality, ordering ----------------------------------------------------------

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (isInt(v)) {
            return big(v).signum() != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof PyTuple t) {
            return t.size() > 0;
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof PyRange r) {
            return r.size() > 0;
        }
        return true;
    }

    static boolean equal(Object a, Object b) {
        return PyValues.pythonEquals(a, b);
    }

    /** Python's ordering for {@code < <= > >=} and {@code sorted}/{@code min}/{@code max}. */
    static int compare(Object a, Object b, String op) {
        if (isNumber(a) && isNumber(b)) {
            if (isInt(a) && isInt(b)) {
                return big(a).compareTo(big(b));
            }
            double x = dbl(a);
            double y = dbl(b);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Integer.MIN_VALUE; // every ordering comparison with NaN is false
            }
            return Double.compare(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y);
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(codePointCompare(x, y));
        }
        boolean tuples = a instanceof PyTuple && b instanceof PyTuple;
        boolean lists = !(a instanceof PyTuple) && !(b instanceof PyTuple) && a instanceof List && b instanceof List;
        if (tuples || lists) {
            List<?> x = items(a);
            List<?> y = items(b);
            for (int k = 0; k < Math.min(x.size(), y.size()); k++) {
                if (!equal(x.get(k), y.get(k))) {
                    return compare(x.get(k), y.get(k), op);
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw typeError("'" + op + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static int codePointCompare(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Boolean.compare(i < x.length(), j < y.length());
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String sub)) {
                throw typeError("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return s.contains(sub);
        }
        if (container instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (equal(k, item)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof PyRange r && isInt(item)) {
            BigInteger v = big(item);
            BigInteger start = BigInteger.valueOf(r.start());
            BigInteger[] qr = v.subtract(start).divideAndRemainder(BigInteger.valueOf(r.step()));
            return qr[1].signum() == 0 && qr[0].signum() >= 0 && qr[0].compareTo(BigInteger.valueOf(r.size())) < 0;
        }
        for (Object x : iterate(container)) {
            if (equal(x, item)) {
                return true;
            }
        }
        return false;
    }

    // ---- sequences --------------------------------------------------------------------------

    static List<?> items(Object v) {
        return v instanceof PyTuple t ? t.items() : (List<?>) v;
    }

    /** The elements a {@code for} loop over {@code v} would see. */
    static List<Object> iterate(Object v) {
        if (v instanceof PyTuple t) {
            return new ArrayList<>(t.items());
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (v instanceof PyRange r) {
            long n = r.size();
            if (n > 10_000_000) {
                throw new PyEvalException("MemoryError", "range too large");
            }
            List<Object> out = new ArrayList<>((int) n);
            for (long k = 0; k < n; k++) {
                out.add(r.start() + k * r.step());
            }
            return out;
        }
        throw typeError("'" + typeName(v) + "' object is not iterable");
    }

    static long length(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof PyTuple t) {
            return t.size();
        }
        if (v instanceof List<?> l) {
            return l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v instanceof PyRange r) {
            return r.size();
        }
        throw typeError("object of type '" + typeName(v) + "' has no len()");
    }

    static Object index(Object target, Object index) {
        if (target instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (equal(e.getKey(), index)) {
                    return e.getValue();
                }
            }
            throw new PyEvalException("KeyError", repr(index));
        }
        if (target instanceof String || target instanceof List || target instanceof PyTuple || target instanceof PyRange) {
            if (!isInt(index)) {
                throw typeError(typeName(target) + " indices must be integers or slices, not " + typeName(index));
            }
            List<Object> seq = iterate(target);
            BigInteger i = big(index);
            if (i.signum() < 0) {
                i = i.add(BigInteger.valueOf(seq.size()));
            }
            if (i.signum() < 0 || i.compareTo(BigInteger.valueOf(seq.size())) >= 0) {
                throw new PyEvalException("IndexError", typeName(target) + " index out of range");
            }
            return seq.get(i.intValue());
        }
        throw typeError("'" + typeName(target) + "' object is not subscriptable");
    }

    static Object slice(Object target, Object lower, Object upper, Object step) {
        if (!(target instanceof String || target instanceof List || target instanceof PyTuple || target instanceof PyRange)) {
            throw typeError("'" + typeName(target) + "' object is not subscriptable");
        }
        List<Object> seq = iterate(target);
        int n = seq.size();
        long st = step == null ? 1 : sliceInt(step);
        if (st == 0) {
            throw valueError("slice step cannot be zero");
        }
        long lo;
        long hi;
        if (st > 0) {
            lo = lower == null ? 0 : clamp(sliceInt(lower), n, 0, n);
            hi = upper == null ? n : clamp(sliceInt(upper), n, 0, n);
        } else {
            lo = lower == null ? n - 1 : clamp(sliceInt(lower), n, -1, n - 1);
            hi = upper == null ? -1 : clamp(sliceInt(upper), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (long k = lo; st > 0 ? k < hi : k > hi; k += st) {
            out.add(seq.get((int) k));
        }
        if (target instanceof String) {
            StringBuilder sb = new StringBuilder();
            out.forEach(sb::append);
            return sb.toString();
        }
        if (target instanceof PyTuple) {
            return new PyTuple(out);
        }
        return out;
    }

    private static long clamp(long i, int n, long min, long max) {
        if (i < 0) {
            i += n;
        }
        return Math.max(min, Math.min(max, i));
    }

    private static long sliceInt(Object v) {
        if (!isInt(v)) {
            throw typeError("slice indices must be integers or None");
        }
        BigInteger b = big(v);
        return b.bitLength() > 40 ? (b.signum() < 0 ? -(1L << 40) : 1L << 40) : b.longValue();
    }

    /** A stable sort with Python's ordering; {@code reverse} keeps equal elements in order, as Python does. */
    static List<Object> sortedCopy(List<Object> items, boolean reverse) {
        List<Object> out = new ArrayList<>(items);
        out.sort((x, y) -> {
            int c = reverse ? compare(y, x, "<") : compare(x, y, "<");
            return c == Integer.MIN_VALUE ? 0 : c;
        });
        return out;
    }
}
