package dev.clusterutils.optim.bench;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.pareto.Hypervolume;
import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;
import dev.clusterutils.space.Specs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Quality and cost of every optimiser, printed as Markdown (docs/performance.md, "Optimizers").
 * Run with {@code bench/optimizers [--seeds N] [--quality-only | --timing-only | --multi-objective-only]}.
 *
 * <p>Multi-objective: the hypervolume of all 100 evaluations (10 rounds of ask(10) / tell(10)) on
 * {@link MultiObjectiveProblems}, median and quartiles over the seeds, for every optimizer that
 * takes several metrics; "beats random" is the share of seeds with a larger hypervolume than random
 * search's for the same seed.
 *
 * <p>Quality: best value found (minimisation) on 2-D Rosenbrock, Branin and 6-D Hartmann with 100
 * evaluations as 10 rounds of ask(10) / tell(10), median and quartiles over the seeds; "beats random"
 * is the share of seeds where the optimiser's best is below random search's best for the same seed.
 * Cost: the optimiser's own time per ask(1)+tell(1), measured as the median of 5 blocks of 100
 * trials right after 1,000 and 10,000 completed trials on a mixed 6-parameter space.
 */
public final class OptimizerBenchmark {

    /** One optimiser configuration of the table. */
    record Config(String label, String optimizerStr, Map<String, Object> settings) {
    }

    record Problem(String name, List<ParamSpec> space, ToDoubleFunction<double[]> f, double optimum) {
        double evaluate(Map<String, Object> values) {
            double[] x = new double[space.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = PyValues.toDouble(values.get(space.get(i).param()));
            }
            return f.applyAsDouble(x);
        }
    }

    private static final int BUDGET = 100;
    private static final int BATCH = 10;
    /** With {@code --only LABEL}, the single-objective tables show random and that optimizer only. */
    private static String only;

    private static boolean shown(Config config) {
        return only == null || config.label().equals("random") || config.label().equals(only);
    }

    public static void main(String[] args) {
        int seeds = 30;
        boolean quality = true;
        boolean timing = true;
        boolean multi = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--quality-only" -> {
                    timing = false;
                    multi = false;
                }
                case "--timing-only" -> {
                    quality = false;
                    multi = false;
                }
                case "--multi-objective-only" -> {
                    quality = false;
                    timing = false;
                }
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (quality) {
            quality(seeds);
        }
        if (timing) {
            timing();
        }
        if (multi) {
            multiObjective(seeds);
            if (timing || !quality) {
                multiObjectiveTiming();
            }
        }
    }

    /** The optimizers that take several metrics, each as its optimizer_str with default settings. */
    static List<Config> multiObjectiveConfigs() {
        List<Config> c = new ArrayList<>();
        for (String name : OptimizerFactory.multiObjectiveNames()) {
            c.add(new Config(name, name, Map.of()));
        }
        return c;
    }

    /** "ZDT1 6-D (ref (1.1, 11), front 11.77)": the problem as the table's header names it. */
    static String multiObjectiveLabel(MultiObjectiveProblems.Problem p) {
        List<String> ref = new ArrayList<>();
        for (double r : p.reference()) {
            ref.add(java.math.BigDecimal.valueOf(r).stripTrailingZeros().toPlainString());
        }
        // ZDT1's front volume is exact; Branin-Currin's is a grid estimate
        String front = p.name().startsWith("ZDT1") ? fmt(p.frontHypervolume()) : "≈ " + fmt(p.frontHypervolume());
        return p.name() + " (ref (" + String.join(", ", ref) + "), front " + front + ")";
    }

    /** Hypervolume of all evaluations of one run: 10 rounds of ask(10), evaluate, tell(10). */
    static double multiObjectiveRun(Config config, MultiObjectiveProblems.Problem problem, long seed) {
        Optimizer opt = OptimizerFactory.create(config.optimizerStr(), config.settings(), problem.space(),
                List.of(true, true), new SplittableRandom(seed));
        List<double[]> seen = new ArrayList<>();
        for (int round = 0; round < BUDGET / BATCH; round++) {
            for (Proposal p : opt.ask(BATCH)) {
                double[] f = problem.evaluate(p.values());
                seen.add(f);
                opt.tell(Outcome.success(p.id(), p.values(), f));
            }
        }
        return Hypervolume.of(seen, problem.reference());
    }

    /** The multi-objective optimizers' own time per ask(1) + tell(1) on the timing space with two metrics. */
    static void multiObjectiveTiming() {
        System.out.println("### Multi-objective optimizer time per ask(1) + tell(1), microseconds (mixed 6-parameter space, 2 metrics)");
        System.out.println();
        System.out.println("| optimizer | at 1,000 trials | at 10,000 trials |");
        System.out.println("|---|---|---|");
        List<Config> configs = new ArrayList<>(multiObjectiveConfigs());
        // ParEGO refits the GP at every ask: thousands of asks would take hours; its quality table is above
        configs.removeIf(c -> c.optimizerStr().equals("gp"));
        // the same optimizer on the first metric alone, measured in the same run: the ratio is what counts
        configs.add(new Config("tpe, first metric only", "tpe", Map.of()));
        for (Config config : configs) {
            boolean single = config.label().endsWith("only");
            Optimizer opt = OptimizerFactory.create(config.optimizerStr(), config.settings(), timingSpace(),
                    single ? List.of(true) : List.of(true, true), new SplittableRandom(1));
            int done = 0;
            double[] perTrial = new double[2];
            int[] marks = {1_000, 10_000};
            for (int m = 0; m < marks.length; m++) {
                while (done < marks[m]) {
                    for (Proposal p : opt.ask(BATCH)) {
                        opt.tell(outcome(p, single));
                        done++;
                    }
                }
                double[] blocks = new double[5];
                for (int b = 0; b < blocks.length; b++) {
                    long elapsed = 0;
                    for (int i = 0; i < 100; i++) {
                        long t0 = System.nanoTime();
                        Proposal p = opt.ask(1).get(0);
                        long t1 = System.nanoTime();
                        Outcome o = outcome(p, single);
                        long t2 = System.nanoTime();
                        opt.tell(o);
                        elapsed += (t1 - t0) + (System.nanoTime() - t2);
                        done++;
                    }
                    blocks[b] = elapsed / 100.0 / 1000.0;
                }
                Arrays.sort(blocks);
                perTrial[m] = blocks[2];
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", config.label(), micros(perTrial[0]), micros(perTrial[1]));
        }
        System.out.println();
    }

    private static Outcome outcome(Proposal p, boolean firstOnly) {
        double[] f = twoObjectives(p.values());
        return firstOnly ? Outcome.success(p.id(), p.values(), f[0]) : Outcome.success(p.id(), p.values(), f);
    }

    /** The timing objective and a conflicting second one (prefers a wide network and a large a). */
    static double[] twoObjectives(Map<String, Object> v) {
        double a = PyValues.toDouble(v.get("a")) - 4;
        double width = Math.log(PyValues.toDouble(v.get("width")) / 4096);
        return new double[] {timingObjective(v), a * a + width * width};
    }

    static void multiObjective(int seeds) {
        List<MultiObjectiveProblems.Problem> problems = MultiObjectiveProblems.all();
        System.out.printf(Locale.ROOT, "### Hypervolume after %d evaluations (ask %d / tell %d), %d seeds%n%n",
                BUDGET, BATCH, BATCH, seeds);
        StringBuilder header = new StringBuilder("| optimizer |");
        StringBuilder rule = new StringBuilder("|---|");
        for (MultiObjectiveProblems.Problem p : problems) {
            header.append(' ').append(multiObjectiveLabel(p)).append(": median [Q1, Q3] | beats random |");
            rule.append("---|---|");
        }
        System.out.println(header);
        System.out.println(rule);
        List<Config> configs = multiObjectiveConfigs();
        Map<String, double[]> randomHv = new LinkedHashMap<>();
        for (MultiObjectiveProblems.Problem p : problems) {
            double[] r = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                r[s] = multiObjectiveRun(configs.get(0), p, s);
            }
            randomHv.put(p.name(), r);
        }
        for (int c = 0; c < configs.size(); c++) {
            Config config = configs.get(c);
            StringBuilder line = new StringBuilder("| ").append(config.label()).append(" |");
            for (MultiObjectiveProblems.Problem p : problems) {
                double[] hv = new double[seeds];
                int wins = 0;
                for (int s = 0; s < seeds; s++) {
                    hv[s] = c == 0 ? randomHv.get(p.name())[s] : multiObjectiveRun(config, p, s);
                    if (hv[s] > randomHv.get(p.name())[s]) {
                        wins++;
                    }
                }
                double[] sorted = hv.clone();
                Arrays.sort(sorted);
                line.append(String.format(Locale.ROOT, " %s [%s, %s] | %s |", fmt(quantile(sorted, 0.5)),
                        fmt(quantile(sorted, 0.25)), fmt(quantile(sorted, 0.75)),
                        c == 0 ? "—" : Math.round(100.0 * wins / seeds) + " %"));
            }
            System.out.println(line);
        }
        System.out.println();
    }

    static List<Config> configs(int dimension) {
        List<Config> c = new ArrayList<>();
        c.add(new Config("random", "random", Map.of()));
        c.add(new Config("cem_metaoptimizer", "cem_metaoptimizer", Map.of("num_jobs_in_elite", 10L, "with_restarts", false)));
        // the grid gets as many points per parameter as fit into the budget
        long points = (long) Math.floor(Math.pow(BUDGET, 1.0 / dimension) + 1e-9);
        c.add(new Config("gridsearch", "gridsearch", Map.of("points_per_param", points)));
        c.add(new Config("tpe", "tpe", Map.of()));
        c.add(new Config("gp", "gp", Map.of()));
        for (String alg : List.of("OnePlusOne", "CMA", "TwoPointsDE", "PSO", "NGOpt")) {
            c.add(new Config("nevergrad " + alg, "nevergrad", Map.of("opt_alg", alg)));
        }
        return c;
    }

    static List<Problem> problems() {
        return List.of(
                new Problem("Rosenbrock 2-D", box(2, -5, 10), OptimizerBenchmark::rosenbrock, 0.0),
                new Problem("Branin", List.of(
                        Specs.numeric("x1", Distribution.TruncatedNormal, -5.0, 10.0),
                        Specs.numeric("x2", Distribution.TruncatedNormal, 0.0, 15.0)), OptimizerBenchmark::branin, 0.397887),
                new Problem("Hartmann 6-D", box(6, 0, 1), OptimizerBenchmark::hartmann6, -3.32237));
    }

    private static List<ParamSpec> box(int d, double lo, double hi) {
        List<ParamSpec> s = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            s.add(Specs.numeric("x" + (i + 1), Distribution.TruncatedNormal, lo, hi));
        }
        return s;
    }

    static double rosenbrock(double[] x) {
        return (1 - x[0]) * (1 - x[0]) + 100 * Math.pow(x[1] - x[0] * x[0], 2);
    }

    static double branin(double[] x) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x[1] - b * x[0] * x[0] + c * x[0] - 6, 2) + 10 * (1 - t) * Math.cos(x[0]) + 10;
    }

    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {
        {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] H_P = {
        {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
        {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

    static double hartmann6(double[] x) {
        double s = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                inner += H_A[i][j] * Math.pow(x[j] - H_P[i][j], 2);
            }
            s += H_ALPHA[i] * Math.exp(-inner);
        }
        return -s;
    }

    /** Best value of one run: 10 rounds of ask(10), evaluate, tell(10). */
    static double run(Config config, Problem problem, long seed) {
        Optimizer opt = OptimizerFactory.create(config.optimizerStr(), config.settings(), problem.space(), true,
                new SplittableRandom(seed));
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < BUDGET / BATCH; round++) {
            List<Proposal> asked = opt.ask(BATCH);
            for (Proposal p : asked) {
                double v = problem.evaluate(p.values());
                best = Math.min(best, v);
                opt.tell(Outcome.success(p.id(), p.values(), v));
            }
        }
        return best;
    }

    static void quality(int seeds) {
        List<Problem> problems = problems();
        System.out.printf(Locale.ROOT, "### Best value after %d evaluations (ask %d / tell %d), %d seeds%n%n",
                BUDGET, BATCH, BATCH, seeds);
        StringBuilder header = new StringBuilder("| optimizer |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Problem p : problems) {
            header.append(' ').append(p.name()).append(String.format(Locale.ROOT, " (min %s): median [Q1, Q3] | beats random |", fmt(p.optimum())));
            rule.append("---|---|");
        }
        System.out.println(header);
        System.out.println(rule);
        Map<String, double[]> randomBest = new LinkedHashMap<>();
        for (Problem p : problems) {
            double[] r = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                r[s] = run(configs(p.space().size()).get(0), p, s);
            }
            randomBest.put(p.name(), r);
        }
        int rows = configs(2).size();
        for (int c = 0; c < rows; c++) {
            if (!shown(configs(2).get(c))) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (Problem p : problems) {
                Config config = configs(p.space().size()).get(c);
                if (line.length() == 0) {
                    line.append("| ").append(config.label()).append(" |");
                }
                double[] best = new double[seeds];
                int wins = 0;
                for (int s = 0; s < seeds; s++) {
                    best[s] = c == 0 ? randomBest.get(p.name())[s] : run(config, p, s);
                    if (best[s] < randomBest.get(p.name())[s]) {
                        wins++;
                    }
                }
                double[] sorted = best.clone();
                Arrays.sort(sorted);
                line.append(String.format(Locale.ROOT, " %s [%s, %s] | %s |", fmt(quantile(sorted, 0.5)),
                        fmt(quantile(sorted, 0.25)), fmt(quantile(sorted, 0.75)),
                        c == 0 ? "—" : Math.round(100.0 * wins / seeds) + " %"));
            }
            System.out.println(line);
        }
        System.out.println();
    }

    /** Linear interpolation between order statistics (NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String micros(double us) {
        return us < 10 ? String.format(Locale.ROOT, "%.1f", us) : String.format(Locale.ROOT, "%.0f", us);
    }

    /** Six parameters of all kinds; the grid with 6 points per parameter has 6^5 * 3 = 23,328 points. */
    static List<ParamSpec> timingSpace() {
        return List.of(
                Specs.numeric("a", Distribution.TruncatedNormal, -5.0, 5.0),
                Specs.numeric("b", Distribution.TruncatedNormal, 0.0, 1.0),
                Specs.numeric("lr", Distribution.TruncatedLogNormal, 1e-5, 1.0),
                Specs.numeric("layers", Distribution.IntNormal, 1L, 20L),
                Specs.numeric("width", Distribution.IntLogNormal, 8L, 4096L),
                Specs.discrete("act", "relu", "tanh", "gelu"));
    }

    static double timingObjective(Map<String, Object> v) {
        double a = PyValues.toDouble(v.get("a")) - 1.2;
        double b = PyValues.toDouble(v.get("b")) - 0.3;
        double lr = Math.log10(PyValues.toDouble(v.get("lr"))) + 3;
        double layers = PyValues.toDouble(v.get("layers")) - 7;
        double width = Math.log(PyValues.toDouble(v.get("width")) / 256);
        return a * a + b * b + lr * lr + 0.1 * layers * layers + width * width + ("gelu".equals(v.get("act")) ? 0 : 0.5);
    }

    static void timing() {
        List<Config> configs = configs(2);
        System.out.println("### Optimizer time per ask(1) + tell(1), microseconds (mixed 6-parameter space)");
        System.out.println();
        System.out.println("| optimizer | at 1,000 trials | at 10,000 trials |");
        System.out.println("|---|---|---|");
        for (Config base : configs) {
            if (!shown(base) || base.optimizerStr().equals("gp")) {
                continue; // gp's model is cubic in its size: measured at 200 trials below
            }
            Config config = base.optimizerStr().equals("gridsearch")
                    ? new Config(base.label(), "gridsearch", Map.of("points_per_param", 6L)) : base;
            Optimizer opt = OptimizerFactory.create(config.optimizerStr(), config.settings(), timingSpace(), true,
                    new SplittableRandom(1));
            int done = 0;
            double[] perTrial = new double[2];
            int[] marks = {1_000, 10_000};
            for (int m = 0; m < marks.length; m++) {
                while (done < marks[m]) {
                    for (Proposal p : opt.ask(BATCH)) {
                        opt.tell(Outcome.success(p.id(), p.values(), timingObjective(p.values())));
                        done++;
                    }
                }
                double[] blocks = new double[5];
                for (int b = 0; b < blocks.length; b++) {
                    long elapsed = 0;
                    for (int i = 0; i < 100; i++) {
                        long t0 = System.nanoTime();
                        Proposal p = opt.ask(1).get(0);
                        long t1 = System.nanoTime();
                        double v = timingObjective(p.values()); // not timed: the job's work
                        long t2 = System.nanoTime();
                        opt.tell(Outcome.success(p.id(), p.values(), v));
                        elapsed += (t1 - t0) + (System.nanoTime() - t2);
                        done++;
                    }
                    blocks[b] = elapsed / 100.0 / 1000.0;
                }
                Arrays.sort(blocks);
                perTrial[m] = blocks[2];
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", config.label(), micros(perTrial[0]), micros(perTrial[1]));
        }
        System.out.println();
        if (only == null || only.equals("gp")) {
            gpTiming();
        }
    }

    /**
     * gp's time per ask(1) + tell(1) from 200 completed trials on (its default max_points), median of
     * 5 blocks of 10, hyperparameter refits included; and the same per trial for ask(10) + tell(10).
     */
    static void gpTiming() {
        System.out.println("### gp time per trial at 200 trials, milliseconds (mixed 6-parameter space)");
        System.out.println();
        System.out.println("| optimizer | ask(1) + tell(1) | ask(10) + tell(10), per trial |");
        System.out.println("|---|---|---|");
        double[] perTrial = new double[2];
        for (int batch : new int[] {1, BATCH}) {
            Optimizer opt = OptimizerFactory.create("gp", Map.of(), timingSpace(), true, new SplittableRandom(1));
            int done = 0;
            while (done < 200) {
                for (Proposal p : opt.ask(BATCH)) {
                    opt.tell(Outcome.success(p.id(), p.values(), timingObjective(p.values())));
                    done++;
                }
            }
            double[] blocks = new double[5];
            for (int b = 0; b < blocks.length; b++) {
                long elapsed = 0;
                for (int i = 0; i < 10; i += batch) {
                    long t0 = System.nanoTime();
                    List<Proposal> asked = opt.ask(batch);
                    long t1 = System.nanoTime();
                    double[] v = asked.stream().mapToDouble(p -> timingObjective(p.values())).toArray(); // not timed
                    long t2 = System.nanoTime();
                    for (int k = 0; k < asked.size(); k++) {
                        opt.tell(Outcome.success(asked.get(k).id(), asked.get(k).values(), v[k]));
                    }
                    elapsed += (t1 - t0) + (System.nanoTime() - t2);
                }
                blocks[b] = elapsed / 10.0 / 1e6;
            }
            Arrays.sort(blocks);
            perTrial[batch == 1 ? 0 : 1] = blocks[2];
        }
        System.out.printf(Locale.ROOT, "| gp | %.1f | %.1f |%n", perTrial[0], perTrial[1]);
        System.out.println();
    }
}
