package dev.clusterutils.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders Java values as the Python literal that {@code repr()} would print, so that a job's
 * {@code ast.literal_eval} reads back exactly what the original server would have sent.
 * Maps are dicts, {@link PyTuple} is a tuple, other collections are lists.
 */
public final class PythonRepr {
    private PythonRepr() {
    }

    public static String repr(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    /** Python's {@code str()}: like repr, but strings are not quoted (used for CSV cells and {@code export} values). */
    public static String str(Object value) {
        if (value instanceof String s) {
            return s;
        }
        return repr(value);
    }

    /**
     * Whether {@code value} holds a NaN or an infinity, whose repr ({@code nan}, {@code inf}) Python's
     * {@code ast.literal_eval} cannot read back.
     */
    public static boolean hasNonFinite(Object value) {
        if (value instanceof Double d) {
            return !Double.isFinite(d);
        }
        if (value instanceof Float f) {
            return !Float.isFinite(f);
        }
        if (value instanceof Map<?, ?> m) {
            return m.keySet().stream().anyMatch(PythonRepr::hasNonFinite) || m.values().stream().anyMatch(PythonRepr::hasNonFinite);
        }
        if (value instanceof PyTuple t) {
            return t.items().stream().anyMatch(PythonRepr::hasNonFinite);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().anyMatch(PythonRepr::hasNonFinite);
        }
        if (value instanceof Object[] arr) {
            return Arrays.stream(arr).anyMatch(PythonRepr::hasNonFinite);
        }
        return false;
    }

    private static void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("None");
        } else if (value instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (value instanceof String s) {
            appendString(sb, s);
        } else if (value instanceof Double || value instanceof Float) {
            sb.append(floatRepr(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal d) {
            sb.append(floatRepr(d.doubleValue()));
        } else if (value instanceof Number n) {
            sb.append(n instanceof BigInteger bi ? bi.toString() : Long.toString(n.longValue()));
        } else if (value instanceof PyTuple t) {
            sb.append('(');
            appendItems(sb, t.items().iterator());
            if (t.size() == 1) {
                sb.append(',');
            }
            sb.append(')');
        } else if (value instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                append(sb, e.getKey());
                sb.append(": ");
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Collection<?> c) {
            sb.append('[');
            appendItems(sb, c.iterator());
            sb.append(']');
        } else if (value instanceof Object[] arr) {
            sb.append('[');
            appendItems(sb, Arrays.asList(arr).iterator());
            sb.append(']');
        } else {
            appendString(sb, value.toString());
        }
    }

    private static void appendItems(StringBuilder sb, Iterator<?> it) {
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            append(sb, it.next());
        }
    }

    /** Python's float repr: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
            return sign + mantissa + "e" + exp;
        }
        String plain = exact.abs().toPlainString();
        if (!plain.contains(".")) {
            plain = plain + ".0";
        }
        return sign + plain;
    }

    private static void appendString(StringBuilder sb, String s) {
        char quote = (s.indexOf('\'') >= 0 && s.indexOf('"') < 0) ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == quote) {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append(quote);
    }
}
