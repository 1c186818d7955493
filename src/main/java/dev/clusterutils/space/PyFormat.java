package dev.clusterutils.space;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code '%.{p}g' % x}, exactly: correctly rounded (half-even on the exact binary value),
 * fixed notation when {@code -4 <= exponent < p}, otherwise {@code d.ddde+XX}, trailing zeros and a
 * trailing point removed.
 */
public final class PyFormat {
    private PyFormat() {
    }

    public static String formatG(double x, int precision) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        int p = Math.max(precision, 1); // Python treats %.0g as %.1g
        if (x == 0.0) {
            return (1 / x < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(p, RoundingMode.HALF_EVEN));
        // exponent of the leading digit, after rounding (9.96 -> 10 moves it)
        int exponent = rounded.precision() - rounded.scale() - 1;
        String sign = rounded.signum() < 0 ? "-" : "";
        BigDecimal abs = rounded.abs();
        if (exponent >= -4 && exponent < p) {
            BigDecimal fixed = abs.setScale(Math.max(p - 1 - exponent, 0), RoundingMode.HALF_EVEN);
            return sign + stripZeros(fixed.toPlainString());
        }
        String digits = abs.unscaledValue().toString();
        // pad to p digits so that stripping is uniform, then strip
        StringBuilder mantissa = new StringBuilder().append(digits.charAt(0));
        if (digits.length() > 1) {
            mantissa.append('.').append(digits, 1, digits.length());
        }
        String m = stripZeros(mantissa.toString());
        String exp = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        return sign + m + "e" + exp;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
