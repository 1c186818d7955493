package dev.clusterutils.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/** Numbers as people read them in a table or on an axis: a few significant digits, exponents only when needed. */
final class Fmt {
    private Fmt() {
    }

    static String num(double x) {
        return num(x, 4);
    }

    static String num(double x, int significant) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return "0";
        }
        double a = Math.abs(x);
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(significant));
        if (a >= 1e6 || a < 1e-3) {
            String mantissa = rounded.unscaledValue().toString();
            boolean negative = mantissa.startsWith("-");
            if (negative) {
                mantissa = mantissa.substring(1);
            }
            int exponent = mantissa.length() - 1 - rounded.scale();
            String digits = mantissa.replaceAll("0+$", "");
            if (digits.isEmpty()) {
                digits = "0";
            }
            String m = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return (negative ? "-" : "") + m + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = rounded.stripTrailingZeros().toPlainString();
        return plain;
    }

    /** A {@link NumberFormat} for chart axes that uses {@link #num(double, int)}. */
    static NumberFormat axisFormat() {
        return new NumberFormat() {
            @Override
            public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
                return toAppendTo.append(num(number, 3));
            }

            @Override
            public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
                return toAppendTo.append(Math.abs(number) >= 1_000_000 ? num(number, 3) : Long.toString(number));
            }

            @Override
            public Number parse(String source, ParsePosition parsePosition) {
                return null;
            }
        };
    }

    /** Keeps the end of long dotted names ({@code ...ptimizer.learning_rate}), where they differ. */
    static String tail(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - (max - 3));
    }

    /** Keeps both ends of long values ({@code (0.1, 0...9, 1.0)}). */
    static String middle(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int head = (max - 3 + 1) / 2;
        int tail = max - 3 - head;
        return s.substring(0, head) + "..." + s.substring(s.length() - tail);
    }
}
