package dev.clusterutils.space;

import java.util.HashSet;
import java.util.Set;

/**
 * The original's "smart rounding" of a batch of draws: the fewest significant digits (1 to 5) that
 * keep at least half as many distinct values as the batch had. It makes sampled values readable
 * ({@code 0.3}, {@code 2e-05}) at the price of coarseness.
 */
public final class SmartRounding {
    private static final int MAX_DIGITS = 5;

    private SmartRounding() {
    }

    /** The original's {@code significant_digits}: {@code '{:g}'.format(float('{:.{p}g}'.format(x)))}. */
    public static String significantDigits(double x, int digits) {
        return PyFormat.formatG(Double.parseDouble(pyFloatText(PyFormat.formatG(x, digits))), 6);
    }

    /**
     * {@code float('%.{p}g' % x)}: x rounded to p significant digits, as the double nearest to that
     * decimal. Equal results are equal strings in the original, so distinctness can be counted on
     * these doubles. Fast path in floating point; exact BigDecimal rounding near ties.
     */
    public static double roundToSignificant(double x, int digits) {
        if (x == 0 || !Double.isFinite(x)) {
            return x;
        }
        double ax = Math.abs(x);
        int e = (int) Math.floor(Math.log10(ax));
        for (int attempt = 0; attempt < 2; attempt++) {
            int k = digits - 1 - e; // scale so that the kept digits are the integer part
            if (Math.abs(k) > 22) {
                break; // 10^k is not an exact double
            }
            double scale = POW10[Math.abs(k)];
            double y = k >= 0 ? ax * scale : ax / scale;
            if (y >= POW10[digits]) {
                e++;
                continue;
            }
            if (y < POW10[digits - 1]) {
                e--;
                continue;
            }
            double frac = y - Math.floor(y);
            if (Math.abs(frac - 0.5) < 1e-7) {
                break; // too close to a tie to trust floating point: the exact path decides
            }
            double r = Math.floor(y + 0.5);
            // a correctly rounded division/multiplication by an exact power of ten is the nearest double
            double v = k >= 0 ? r / scale : r * scale;
            return x < 0 ? -v : v;
        }
        return Double.parseDouble(PyFormat.formatG(x, digits).replace("inf", "Infinity"));
    }

    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10; // exact up to 1e22
        }
    }

    /** Rounded copy of {@code samples}, or {@code samples} itself when no digit count qualifies. */
    public static double[] smartRound(double[] samples) {
        int originalDistinct = distinct(samples);
        double[] out = new double[samples.length];
        for (int p = 1; p <= MAX_DIGITS; p++) {
            for (int i = 0; i < samples.length; i++) {
                out[i] = roundToSignificant(samples[i], p);
            }
            if (distinctRounded(out) >= originalDistinct / 2) {
                return out;
            }
        }
        return samples;
    }

    /** Distinct values as the original's strings would count them (-0.0 and 0.0 print differently). */
    private static int distinctRounded(double[] values) {
        Set<Long> bits = new HashSet<>();
        for (double v : values) {
            bits.add(Double.doubleToLongBits(v));
        }
        return bits.size();
    }

    private static int distinct(double[] samples) {
        Set<Double> set = new HashSet<>();
        for (double s : samples) {
            set.add(s == 0.0 ? 0.0 : s); // Python's set() treats -0.0 and 0.0 as one value
        }
        return set.size();
    }

    /** Python's float() accepts "inf"/"nan", Java's parser wants "Infinity"/"NaN". */
    private static String pyFloatText(String s) {
        return switch (s) {
            case "inf" -> "Infinity";
            case "-inf" -> "-Infinity";
            case "nan" -> "NaN";
            default -> s;
        };
    }
}
