package dev.clusterutils.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UniformSamplingTest {

    @Test
    void intNormalHitsEveryIntegerEquallyOften() {
        ParamSpec spec = Specs.numeric("w", Distribution.IntNormal, -2L, 2L);
        SplittableRandom rng = new SplittableRandom(1);
        int[] counts = new int[5];
        for (int i = 0; i < 25_000; i++) {
            long v = assertInstanceOf(Long.class, UniformSampling.sample(spec, rng));
            counts[(int) v + 2]++;
        }
        for (int c : counts) {
            assertEquals(0.2, c / 25_000.0, 0.01);
        }
    }

    @Test
    void logVariantsAreLogUniform() {
        ParamSpec spec = Specs.numeric("y", Distribution.TruncatedLogNormal, 1e-4, 1.0);
        SplittableRandom rng = new SplittableRandom(2);
        int below = 0;
        for (int i = 0; i < 20_000; i++) {
            double v = assertInstanceOf(Double.class, UniformSampling.sample(spec, rng));
            assertTrue(v >= 1e-4 && v <= 1.0);
            if (v < 1e-2) {
                below++;
            }
        }
        assertEquals(0.5, below / 20_000.0, 0.015);
    }

    @Test
    void intLogNormalStaysInBounds() {
        ParamSpec spec = Specs.numeric("v", Distribution.IntLogNormal, 1L, 10L);
        SplittableRandom rng = new SplittableRandom(3);
        int ones = 0;
        for (int i = 0; i < 20_000; i++) {
            long v = assertInstanceOf(Long.class, UniformSampling.sample(spec, rng));
            assertTrue(v >= 1 && v <= 10);
            if (v == 1) {
                ones++;
            }
        }
        // the cell of 1 is [0.5, 1.5] on a log scale of [0.5, 10.5]
        assertEquals(Math.log(3) / Math.log(21), ones / 20_000.0, 0.015);
    }
}
