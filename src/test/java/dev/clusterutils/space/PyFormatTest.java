package dev.clusterutils.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PyFormatTest {

    /** Expected values printed by CPython 3: '%.{p}g' % x and the original's significant_digits(x, p). */
    @ParameterizedTest
    @CsvSource({
        "0.000123456, 2, 0.00012, 0.00012",
        "123456.0, 2, 1.2e+05, 120000",
        "1234567.0, 2, 1.2e+06, 1.2e+06",
        "2.5, 1, 2, 2",
        "0.35, 1, 0.3, 0.3",
        "-1.234e-05, 1, -1e-05, -1e-05",
        "99999.7, 5, 1e+05, 100000",
        "1e16, 3, 1e+16, 1e+16",
        "0.0, 1, 0, 0",
        "-0.0, 2, -0, -0",
        "0.00012, 1, 0.0001, 0.0001",
        "1e-05, 3, 1e-05, 1e-05",
        "123.456, 4, 123.5, 123.5",
        "9.96, 2, 10, 10",
        "0.15, 1, 0.1, 0.1",
        "0.25, 1, 0.2, 0.2",
        "1234.5, 4, 1234, 1234",
        "1e21, 1, 1e+21, 1e+21",
    })
    void matchesPython(double x, int p, String percentG, String significant) {
        assertEquals(percentG, PyFormat.formatG(x, p));
        assertEquals(significant, SmartRounding.significantDigits(x, p));
    }

    @Test
    void fastRoundingAgreesWithExactFormatting() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double x = (rng.nextBoolean() ? 1 : -1) * Math.pow(10, rng.nextDouble(-30, 30)) * rng.nextDouble();
            if (i % 3 == 0) {
                x = Math.rint(x * 1000) / 1000 + 0.0005; // near decimal ties
            }
            int p = 1 + rng.nextInt(5);
            assertEquals(Double.parseDouble(PyFormat.formatG(x, p)), SmartRounding.roundToSignificant(x, p), "x=" + x + " p=" + p);
        }
        for (double x : new double[] {0.25, 0.35, 2.5, 1234.5, 0.125, 9.5, 99999.5, 1e22, 1e-22, 5e-324, Double.MAX_VALUE}) {
            for (int p = 1; p <= 5; p++) {
                assertEquals(Double.parseDouble(PyFormat.formatG(x, p)), SmartRounding.roundToSignificant(x, p), "x=" + x + " p=" + p);
            }
        }
    }

    @Test
    void infinityAndNan() {
        assertEquals("inf", PyFormat.formatG(Double.POSITIVE_INFINITY, 2));
        assertEquals("-inf", PyFormat.formatG(Double.NEGATIVE_INFINITY, 2));
        assertEquals("nan", PyFormat.formatG(Double.NaN, 2));
        assertEquals("inf", SmartRounding.significantDigits(Double.POSITIVE_INFINITY, 3));
    }

    @Test
    void smartRoundingUsesFewestDigitsKeepingHalfTheValuesDistinct() {
        // 10 distinct values; at one digit only 0.1 and 0.2 remain (2 < 5); at two digits 10 remain
        double[] batch = {0.111, 0.122, 0.133, 0.144, 0.155, 0.166, 0.177, 0.188, 0.199, 0.211};
        assertArrayEquals(new double[] {0.11, 0.12, 0.13, 0.14, 0.15, 0.17, 0.18, 0.19, 0.2, 0.21},
                SmartRounding.smartRound(batch));
    }

    @Test
    void smartRoundingOfIdenticalValuesGivesOneDigit() {
        double[] batch = new double[10];
        java.util.Arrays.fill(batch, 0.123456);
        double[] out = SmartRounding.smartRound(batch);
        for (double v : out) {
            assertEquals(0.1, v);
        }
    }

    @Test
    void smartRoundingKeepsValuesWhenFiveDigitsAreNotEnough() {
        double[] batch = new double[10];
        for (int i = 0; i < 10; i++) {
            batch[i] = 1.0 + i * 1e-9; // distinct only in the 10th digit
        }
        assertSame(batch, SmartRounding.smartRound(batch));
    }
}
