package dev.clusterutils.optim.bench;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;
import dev.clusterutils.space.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The multi-objective problems of {@code bench/optimizers --multi-objective-only}; both objectives
 * are minimised. Other benchmarks (the Optuna comparison) mirror these definitions exactly, so keep
 * them in step: parameter names x1..xd, bounds, formulas and reference points.
 *
 * <ul>
 *   <li><b>ZDT1 6-D</b> (Zitzler, Deb, Thiele 2000) with n = 6: x in [0, 1]^6, f1 = x1,
 *       g = 1 + 9/(n-1) * sum(x2..x6), f2 = g (1 - sqrt(f1 / g)). Reference (1.1, 11); the true
 *       front (g = 1) has hypervolume 10 + 2/3 + 1.1 = 11.767.</li>
 *   <li><b>Branin-Currin</b> (as in BoTorch's test problems, minimised): x in [0, 1]^2; f1 is Branin
 *       at (15 x1 - 5, 15 x2), f2 is Currin's exponential function at (x1, x2), with the factor
 *       1 - exp(-1 / (2 x2)) taken as 1 at x2 = 0. Reference (310, 14); the true front's
 *       hypervolume is about 3943 (the non-dominated points of a 1500 x 1500 grid, see bench/optuna_problems.py).</li>
 * </ul>
 */
public final class MultiObjectiveProblems {

    /** One problem: its space, objectives (losses) from x, reference point and true front volume. */
    public record Problem(String name, List<ParamSpec> space, Function<double[], double[]> f, double[] reference,
            double frontHypervolume) {

        public double[] evaluate(Map<String, Object> values) {
            double[] x = new double[space.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = PyValues.toDouble(values.get(space.get(i).param()));
            }
            return f.apply(x);
        }
    }

    private MultiObjectiveProblems() {
    }

    public static List<Problem> all() {
        return List.of(zdt1(), braninCurrin());
    }

    public static Problem zdt1() {
        return new Problem("ZDT1 6-D", unitBox(6), MultiObjectiveProblems::zdt1, new double[] {1.1, 11}, 10 + 2.0 / 3 + 1.1);
    }

    public static Problem braninCurrin() {
        return new Problem("Branin-Currin", unitBox(2), MultiObjectiveProblems::braninCurrin, new double[] {310, 14}, 3943);
    }

    public static List<ParamSpec> unitBox(int d) {
        List<ParamSpec> s = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            s.add(Specs.numeric("x" + (i + 1), Distribution.TruncatedNormal, 0.0, 1.0));
        }
        return s;
    }

    public static double[] zdt1(double[] x) {
        double sum = 0;
        for (int i = 1; i < x.length; i++) {
            sum += x[i];
        }
        double g = 1 + 9.0 / (x.length - 1) * sum;
        double f1 = x[0];
        return new double[] {f1, g * (1 - Math.sqrt(f1 / g))};
    }

    public static double[] braninCurrin(double[] x) {
        double b = OptimizerBenchmark.branin(new double[] {15 * x[0] - 5, 15 * x[1]});
        double factor = x[1] == 0 ? 1 : 1 - Math.exp(-1 / (2 * x[1]));
        double a = x[0];
        double currin = factor * (2300 * a * a * a + 1900 * a * a + 2092 * a + 60) / (100 * a * a * a + 500 * a * a + 4 * a + 20);
        return new double[] {b, currin};
    }
}
