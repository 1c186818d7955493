package dev.clusterutils.settings;

import dev.clusterutils.value.PythonRepr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's format-specification mini-language ({@code format(value, spec)}) for str, int and
 * float: {@code [[fill]align][sign][#][0][width][,|_][.precision][type]}. Floats are rounded
 * from their exact binary value, half to even, as CPython does ({@code format(2.675, '.2f')} is
 * {@code 2.67}).
 */
final class PyFormatSpec {
    private static final Pattern SPEC = Pattern.compile(
            "(?:(.)?([<>=^]))?([+\\- ])?(z)?(#)?(0)?(\\d+)?([,_])?(?:\\.(\\d+))?([bcdeEfFgGnosxX%])?");

    private PyFormatSpec() {
    }

    static String format(Object value, String spec) {
        if (spec.isEmpty()) {
            return PyOps.str(value);
        }
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw PyOps.valueError("Invalid format specifier '" + spec + "'");
        }
        String fill = m.group(1) == null ? " " : m.group(1);
        String align = m.group(2);
        String sign = m.group(3) == null ? "-" : m.group(3);
        boolean alternate = m.group(5) != null;
        if (m.group(6) != null && align == null) {
            fill = "0";
            align = "=";
        }
        int width = m.group(7) == null ? 0 : bounded(m.group(7), "width");
        String grouping = m.group(8);
        Integer precision = m.group(9) == null ? null : bounded(m.group(9), "precision");
        String type = m.group(10);

        String body;
        String signText = "";
        String defaultAlign;
        if (value instanceof String s) {
            if (type != null && !type.equals("s")) {
                throw PyOps.valueError("Unknown format code '" + type + "' for object of type 'str'");
            }
            if (m.group(3) != null || align != null && align.equals("=")) {
                throw PyOps.valueError("Sign not allowed in string format specifier");
            }
            body = precision == null ? s : s.substring(0, s.offsetByCodePoints(0, Math.min(precision, s.codePointCount(0, s.length()))));
            defaultAlign = "<";
        } else if (PyOps.isInt(value) && (type == null || "bcdnoxX".contains(type))) {
            if (value instanceof Boolean && type == null) {
                return format(PyOps.str(value), spec);
            }
            if (precision != null) {
                throw PyOps.valueError("Precision not allowed in integer format specifier");
            }
            BigInteger v = PyOps.big(value);
            signText = signOf(v.signum() < 0, sign);
            v = v.abs();
            String t = type == null ? "d" : type;
            body = switch (t) {
                case "b" -> (alternate ? "0b" : "") + v.toString(2);
                case "o" -> (alternate ? "0o" : "") + v.toString(8);
                case "x" -> (alternate ? "0x" : "") + v.toString(16);
                case "X" -> (alternate ? "0X" : "") + v.toString(16).toUpperCase(Locale.ROOT);
                case "c" -> new String(Character.toChars(v.intValueExact()));
                default -> group(v.toString(), grouping);
            };
            defaultAlign = ">";
        } else if (PyOps.isNumber(value)) {
            double d = PyOps.dbl(value);
            signText = signOf(d < 0 || (d == 0 && 1 / d < 0), sign);
            body = floatBody(Math.abs(d), type, precision, alternate, grouping);
            defaultAlign = ">";
        } else {
            if (!spec.isEmpty()) {
                throw PyOps.typeError("unsupported format string passed to " + PyOps.typeName(value) + ".__format__");
            }
            return PyOps.str(value);
        }
        return pad(signText, body, fill, align == null ? defaultAlign : align, width);
    }

    /** Python allows widths up to sys.maxsize; a settings value has no use for one that fills gigabytes. */
    private static int bounded(String digits, String what) {
        String d = digits.replaceFirst("^0+(?=.)", "");
        if (d.length() > 9 || Integer.parseInt(d) > SettingsLimits.MAX_FORMAT_WIDTH) {
            throw PyOps.valueError("format " + what + " " + digits + " is above the limit of " + SettingsLimits.MAX_FORMAT_WIDTH);
        }
        return Integer.parseInt(d);
    }

    private static String signOf(boolean negative, String sign) {
        if (negative) {
            return "-";
        }
        return sign.equals("-") ? "" : sign;
    }

    private static String floatBody(double d, String type, Integer precision, boolean alternate, String grouping) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String s = Double.isNaN(d) ? "nan" : "inf";
            return type != null && "EFG".contains(type) ? s.toUpperCase(Locale.ROOT) : s;
        }
        String t = type;
        if (t == null) {
            if (precision == null) {
                return groupNumber(PythonRepr.floatRepr(d), grouping);
            }
            // No type with a precision: like 'g', but a fixed-point result keeps one decimal.
            String g = general(d, precision, alternate, false);
            if (!g.contains(".") && !g.contains("e") && !g.contains("inf")) {
                g = g + ".0";
            }
            return groupNumber(g, grouping);
        }
        int p = precision == null ? 6 : precision;
        String s = switch (t) {
            case "f", "F", "n" -> fixed(d, p, alternate);
            case "e", "E" -> scientific(d, p, alternate, t.equals("E"));
            case "g", "G" -> general(d, p, alternate, t.equals("G"));
            case "%" -> fixed(d * 100, p, alternate) + "%";
            default -> throw PyOps.valueError("Unknown format code '" + t + "' for object of type 'float'");
        };
        return groupNumber(s, grouping);
    }

    private static String fixed(double d, int precision, boolean alternate) {
        String s = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alternate && precision == 0 ? s + "." : s;
    }

    private static String scientific(double d, int precision, boolean alternate, boolean upper) {
        String mantissa;
        int exponent;
        if (d == 0) {
            mantissa = precision == 0 ? "0" : "0." + "0".repeat(precision);
            exponent = 0;
        } else {
            BigDecimal r = new BigDecimal(d).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            String digits = r.unscaledValue().toString();
            digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
            exponent = r.precision() - r.scale() - 1;
            mantissa = precision == 0 ? digits : digits.charAt(0) + "." + digits.substring(1);
        }
        if (alternate && precision == 0) {
            mantissa += ".";
        }
        String exp = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        return mantissa + (upper ? "E" : "e") + exp;
    }

    private static String general(double d, int precision, boolean alternate, boolean upper) {
        int p = precision == 0 ? 1 : precision;
        int exponent;
        if (d == 0) {
            exponent = 0;
        } else {
            BigDecimal r = new BigDecimal(d).round(new MathContext(p, RoundingMode.HALF_EVEN));
            exponent = r.precision() - r.scale() - 1;
        }
        String s;
        if (exponent >= -4 && exponent < p) {
            s = fixed(d, p - 1 - exponent, alternate);
        } else {
            s = scientific(d, p - 1, alternate, upper);
        }
        if (!alternate) {
            s = stripZeros(s);
        }
        return s;
    }

    private static String stripZeros(String s) {
        int e = Math.max(s.indexOf('e'), s.indexOf('E'));
        String mantissa = e < 0 ? s : s.substring(0, e);
        String rest = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + rest;
    }

    private static String groupNumber(String s, String grouping) {
        if (grouping == null) {
            return s;
        }
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return group(s.substring(0, end), grouping) + s.substring(end);
    }

    private static String group(String digits, String grouping) {
        if (grouping == null) {
            return digits;
        }
        StringBuilder sb = new StringBuilder();
        int n = digits.length();
        for (int k = 0; k < n; k++) {
            if (k > 0 && (n - k) % 3 == 0) {
                sb.append(grouping);
            }
            sb.append(digits.charAt(k));
        }
        return sb.toString();
    }

    private static String pad(String sign, String body, String fill, String align, int width) {
        int len = sign.codePointCount(0, sign.length()) + body.codePointCount(0, body.length());
        int missing = Math.max(0, width - len);
        return switch (align) {
            case "<" -> sign + body + fill.repeat(missing);
            case "^" -> fill.repeat(missing / 2) + sign + body + fill.repeat(missing - missing / 2);
            case "=" -> sign + fill.repeat(missing) + body;
            default -> fill.repeat(missing) + sign + body;
        };
    }
}
