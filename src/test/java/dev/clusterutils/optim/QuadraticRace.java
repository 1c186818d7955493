package dev.clusterutils.optim;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.Specs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** A shifted 4-D quadratic, 100 evaluations in batches of 10, median best over 7 seeds. */
public final class QuadraticRace {
    public static final List<ParamSpec> SPACE = List.of(
            Specs.numeric("x1", Distribution.TruncatedNormal, -5.0, 5.0),
            Specs.numeric("x2", Distribution.TruncatedNormal, -5.0, 5.0),
            Specs.numeric("x3", Distribution.TruncatedNormal, -5.0, 5.0),
            Specs.numeric("x4", Distribution.TruncatedNormal, -5.0, 5.0));
    private static final double[] OPTIMUM = {1.3, -2.1, 0.4, 3.2};

    private QuadraticRace() {
    }

    public static double value(Map<String, Object> v) {
        double s = 0;
        for (int i = 0; i < OPTIMUM.length; i++) {
            double d = ((Number) v.get("x" + (i + 1))).doubleValue() - OPTIMUM[i];
            s += d * d;
        }
        return s;
    }

    public static double medianBest(Function<RandomGenerator, Optimizer> factory) {
        double[] best = new double[7];
        for (int seed = 0; seed < best.length; seed++) {
            Optimizer opt = factory.apply(new SplittableRandom(1000 + seed));
            best[seed] = Double.POSITIVE_INFINITY;
            for (int round = 0; round < 10; round++) {
                for (Proposal p : opt.ask(10)) {
                    double m = value(p.values());
                    best[seed] = Math.min(best[seed], m);
                    opt.tell(Outcome.success(p.id(), p.values(), m));
                }
            }
        }
        Arrays.sort(best);
        return best[best.length / 2];
    }
}
