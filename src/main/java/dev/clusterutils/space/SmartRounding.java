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

    /** Rounded copy of {@code samples}, or {@code samples} itself when no digit count qualifies. */
    public static double[] smartRound(double[] samples) {
        int originalDistinct = distinct(samples);
        for (int p = 1; p <= MAX_DIGITS; p++) {
            Set<String> rounded = new HashSet<>();
            for (double s : samples) {
                rounded.add(significantDigits(s, p));
            }
            if (rounded.size() >= originalDistinct / 2) {
                double[] out = new double[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    out[i] = Double.parseDouble(pyFloatText(significantDigits(samples[i], p)));
                }
                return out;
            }
        }
        return samples;
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
