package dev.clusterutils.optim.gp;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.ProposalLedger;
import dev.clusterutils.optim.SettingsSchema;
import dev.clusterutils.optim.SettingsSchema.Key;
import dev.clusterutils.optim.SettingsSchema.Type;
import dev.clusterutils.optim.gp.GaussianProcess.Hyperparameters;
import dev.clusterutils.space.ParamSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.random.SobolSequenceGenerator;

/**
 * {@code gp}: batch Bayesian optimisation with a Gaussian process. Not in the original.
 *
 * <ol>
 *   <li>Until {@code n_initial} jobs have finished with a metric, proposals are points of a Sobol
 *       sequence shifted at random by the run's generator (Hipparchus' {@code SobolSequenceGenerator}).</li>
 *   <li>Then a {@link GaussianProcess} (Matern-5/2, one length scale per parameter) is fitted to the
 *       finished jobs in the warped coordinates of {@link GpSpace}. Its hyperparameters are refitted
 *       by marginal likelihood whenever the number of observations has grown by 10 % (every time
 *       below 100 observations); in between the last ones are kept and only the factorisation is
 *       redone. From 100 observations on, the refit is a shorter search from the previous fit only.</li>
 *   <li>Each proposal maximises log expected improvement ({@link LogExpectedImprovement}):
 *       {@code n_candidates} points (half uniform, half around the best observations) are
 *       screened, the best three are refined by a local search over the numeric coordinates
 *       (Hipparchus' Nelder-Mead on the clamped point, Brent in one dimension), then every option of each Discrete parameter is tried.</li>
 *   <li>Batches (and any proposal while others are in flight) use the constant liar: every pending
 *       proposal enters the model as an observation with the value {@code liar} (best, mean or worst
 *       observed loss), which flattens the improvement around it. A point that was already proposed
 *       or run is never proposed again; the next best candidate is taken instead.</li>
 * </ol>
 *
 * <p>Failed jobs and NaN or infinite metrics are left out of the model (their points are still
 * never re-proposed). Killed jobs enter with their last intermediate metric, a pessimistic value
 * that steers the search away from them. Beyond {@code max_points} observations the model is fitted
 * to the best half and the most recent rest, which bounds the cost per proposal.
 */
public final class GpOptimizer implements Optimizer {

    public static final String NAME = "gp";
    public static final Key N_INITIAL = Key.optional("n_initial", Type.INT, 10L).atLeast(1);
    public static final Key LIAR = Key.optional("liar", Type.STRING, "best").oneOf(List.of("best", "mean", "worst"));
    public static final Key MAX_POINTS = Key.optional("max_points", Type.INT, 200L).atLeast(20);
    public static final Key N_CANDIDATES = Key.optional("n_candidates", Type.INT, 256L).atLeast(8);
    public static final Key N_RESTARTS = Key.optional("n_restarts", Type.INT, 3L).atLeast(1);
    public static final SettingsSchema SETTINGS = new SettingsSchema(NAME,
            List.of(N_INITIAL, LIAR, MAX_POINTS, N_CANDIDATES, N_RESTARTS));

    /** The value a pending proposal pretends to have. */
    public enum Liar { BEST, MEAN, WORST }

    private static final int LOCAL_STARTS = 3;
    private static final int LOCAL_EVALUATIONS = 80;
    private static final double SIMPLEX_STEP = 0.05;
    private static final int FIT_EVALUATIONS = 80;
    private static final int TOP_OBSERVATIONS = 5;
    private static final double PERTURBATION = 0.08;
    private static final double REFIT_GROWTH = 1.1;
    private static final int ALWAYS_REFIT_BELOW = 100;

    private record Observation(long seq, double[] z, double loss) {
    }

    /** A point compared by value, for "never the same point twice". */
    private record PointKey(double[] z) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PointKey k && Arrays.equals(z, k.z);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(z);
        }
    }

    private final GpSpace space;
    private final boolean minimize;
    private final RandomGenerator rng;
    private final int nInitial;
    private final Liar liar;
    private final int maxPoints;
    private final int nCandidates;
    private final int nRestarts;
    private final SobolSequenceGenerator sobol;
    private final double[] sobolShift;

    private final ProposalLedger<double[]> ledger = new ProposalLedger<>();
    private final List<Observation> observations = new ArrayList<>();
    private final Set<PointKey> seen = new HashSet<>();
    private Hyperparameters hyper;
    private int fittedOn;

    public GpOptimizer(List<ParamSpec> space, boolean minimize, RandomGenerator rng, int nInitial, Liar liar,
            int maxPoints, int nCandidates, int nRestarts) {
        this.space = new GpSpace(space);
        this.minimize = minimize;
        this.rng = rng;
        this.nInitial = Math.max(1, nInitial);
        this.liar = liar;
        this.maxPoints = Math.max(20, maxPoints);
        this.nCandidates = Math.max(8, nCandidates);
        this.nRestarts = Math.max(1, nRestarts);
        this.sobol = new SobolSequenceGenerator(this.space.dimensions());
        this.sobolShift = new double[this.space.dimensions()];
        for (int j = 0; j < sobolShift.length; j++) {
            sobolShift[j] = rng.nextDouble();
        }
    }

    public GpOptimizer(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
        this(space, minimize, rng, 10, Liar.BEST, 200, 256, 3);
    }

    /** The optimiser for validated {@code optimizer_settings}; also used by wrappers such as ParEGO. */
    public static GpOptimizer fromSettings(Map<String, Object> settings, List<ParamSpec> space, boolean minimize,
            RandomGenerator rng) {
        return new GpOptimizer(space, minimize, rng,
                SettingsSchema.intValue(settings, N_INITIAL),
                Liar.valueOf(((String) SettingsSchema.value(settings, LIAR)).toUpperCase(Locale.ROOT)),
                SettingsSchema.intValue(settings, MAX_POINTS),
                SettingsSchema.intValue(settings, N_CANDIDATES),
                SettingsSchema.intValue(settings, N_RESTARTS));
    }

    @Override
    public List<Proposal> ask(int max) {
        ProposalLedger.checkMax(max);
        List<Proposal> out = new ArrayList<>(max);
        List<Observation> training = null;
        for (int i = 0; i < max; i++) {
            double[] z;
            if (observations.size() < Math.max(2, nInitial)) {
                z = initialPoint();
            } else {
                if (training == null) {
                    training = trainingSet();
                    refitIfDue(training);
                }
                z = suggest(training);
            }
            seen.add(new PointKey(z));
            // issued before the next proposal of the batch, so that one already sees it as pending
            out.add(ledger.issue(space.decode(z), z));
        }
        return out;
    }

    private double[] initialPoint() {
        for (int attempt = 0; attempt < 100; attempt++) {
            double[] u = sobol.nextVector();
            for (int j = 0; j < u.length; j++) {
                u[j] = (u[j] + sobolShift[j]) % 1.0;
            }
            double[] z = space.fromUnit(u);
            if (!seen.contains(new PointKey(z))) {
                return z;
            }
        }
        return space.sample(rng); // a tiny finite space is used up: repeats are unavoidable
    }

    /** All observations, or beyond max_points the best half and the most recent rest. */
    private List<Observation> trainingSet() {
        if (observations.size() <= maxPoints) {
            return observations;
        }
        Set<Observation> chosen = new LinkedHashSet<>();
        observations.stream().sorted(Comparator.comparingDouble(Observation::loss).thenComparingLong(Observation::seq))
                .limit(maxPoints / 2).forEach(chosen::add);
        for (int i = observations.size() - 1; i >= 0 && chosen.size() < maxPoints; i--) {
            chosen.add(observations.get(i));
        }
        return List.copyOf(chosen);
    }

    private void refitIfDue(List<Observation> training) {
        int n = observations.size();
        boolean due = hyper == null || (n != fittedOn && (n < ALWAYS_REFIT_BELOW || n >= REFIT_GROWTH * fittedOn));
        if (!due) {
            return;
        }
        double[][] x = training.stream().map(Observation::z).toArray(double[][]::new);
        double[] y = training.stream().mapToDouble(Observation::loss).toArray();
        // past ALWAYS_REFIT_BELOW the previous fit is a good start and each likelihood costs a
        // factorisation of up to max_points rows, so only that start is refined
        boolean full = n < ALWAYS_REFIT_BELOW || hyper == null;
        hyper = GaussianProcess.fit(x, y, space.categorical(), rng, full ? nRestarts : 1,
                full ? FIT_EVALUATIONS : FIT_EVALUATIONS / 2, hyper);
        fittedOn = n;
    }

    private double[] suggest(List<Observation> training) {
        double best = Double.POSITIVE_INFINITY;
        double worst = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (Observation o : training) {
            best = Math.min(best, o.loss());
            worst = Math.max(worst, o.loss());
            sum += o.loss();
        }
        double lie = switch (liar) {
            case BEST -> best;
            case MEAN -> sum / training.size();
            case WORST -> worst;
        };
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        training.forEach(o -> {
            xs.add(o.z());
            ys.add(o.loss());
        });
        List<double[]> pending = new ArrayList<>();
        for (ProposalLedger.Pending<double[]> p : ledger.pending()) {
            double[] z = p.payload();
            if (z != null && !hasNaN(z)) {
                pending.add(z);
            }
        }
        // the most recent max_points pending ones, so that thousands in flight do not blow up the cost
        for (double[] z : pending.subList(Math.max(0, pending.size() - maxPoints), pending.size())) {
            xs.add(z);
            ys.add(lie);
        }
        GaussianProcess gp;
        try {
            gp = new GaussianProcess(xs.toArray(double[][]::new),
                    ys.stream().mapToDouble(Double::doubleValue).toArray(), space.categorical(), hyper);
        } catch (IllegalArgumentException notPositiveDefinite) {
            return randomUnseen();
        }
        return maximiseAcquisition(gp, best, training);
    }

    private double acquisition(GaussianProcess gp, double[] z, double best) {
        double[] p = gp.predict(z);
        double v = LogExpectedImprovement.of(p[0], Math.sqrt(p[1]), best);
        return Double.isFinite(v) ? v : -1e300;
    }

    private record Scored(double[] z, double value) {
    }

    private double[] maximiseAcquisition(GaussianProcess gp, double best, List<Observation> training) {
        List<Observation> top = training.stream().sorted(Comparator.comparingDouble(Observation::loss))
                .limit(TOP_OBSERVATIONS).toList();
        List<Scored> scored = new ArrayList<>(nCandidates + 2 * LOCAL_STARTS);
        int[] numeric = space.numeric();
        double[][] candidates = new double[nCandidates][];
        for (int c = 0; c < nCandidates; c++) {
            double[] z;
            if (c % 2 == 1 && !top.isEmpty()) {
                z = top.get(rng.nextInt(top.size())).z().clone();
                for (int j : numeric) {
                    z[j] = Math.max(0, Math.min(1, z[j] + PERTURBATION * rng.nextGaussian()));
                }
                for (int j = 0; j < z.length; j++) {
                    if (space.categorical()[j] && rng.nextInt(z.length) == 0) {
                        z[j] = rng.nextInt(space.options(j));
                    }
                }
                z = space.snap(z);
            } else {
                z = space.sample(rng);
            }
            candidates[c] = z;
        }
        double[][] predicted = gp.predictAll(candidates);
        for (int c = 0; c < nCandidates; c++) {
            double v = LogExpectedImprovement.of(predicted[0][c], Math.sqrt(predicted[1][c]), best);
            scored.add(new Scored(candidates[c], Double.isFinite(v) ? v : -1e300));
        }
        scored.sort(Comparator.comparingDouble(Scored::value).reversed());
        List<Scored> starts = new ArrayList<>();
        for (Scored s : scored) {
            if (starts.size() == LOCAL_STARTS) {
                break;
            }
            if (!seen.contains(new PointKey(s.z()))) {
                starts.add(s);
            }
        }
        for (Scored s : starts) {
            double[] z = refineNumeric(gp, s.z(), best, numeric);
            z = refineOptions(gp, space.snap(z), best);
            scored.add(new Scored(z, acquisition(gp, z, best)));
        }
        scored.sort(Comparator.comparingDouble(Scored::value).reversed());
        for (Scored s : scored) {
            if (!hasNaN(s.z()) && !seen.contains(new PointKey(s.z()))) {
                return s.z();
            }
        }
        return randomUnseen();
    }

    private double[] randomUnseen() {
        for (int attempt = 0; attempt < 100; attempt++) {
            double[] z = space.sample(rng);
            if (!seen.contains(new PointKey(z))) {
                return z;
            }
        }
        return space.sample(rng); // every point of a tiny finite space has been run
    }

    /** A bounded local search of the acquisition over the numeric coordinates, the options held fixed. */
    private double[] refineNumeric(GaussianProcess gp, double[] start, double best, int[] numeric) {
        if (numeric.length == 0) {
            return start;
        }
        double[] z = start.clone();
        double[] bestZ = start.clone();
        double[] bestValue = {acquisition(gp, start, best)};
        ToDoubleFunction<double[]> f = u -> {
            for (int k = 0; k < numeric.length; k++) {
                z[numeric[k]] = u[k];
            }
            double v = acquisition(gp, z, best);
            if (v > bestValue[0]) {
                bestValue[0] = v;
                System.arraycopy(z, 0, bestZ, 0, z.length);
            }
            return v;
        };
        double[] u0 = new double[numeric.length];
        for (int k = 0; k < numeric.length; k++) {
            u0[k] = Math.max(0, Math.min(1, start[numeric[k]]));
        }
        try {
            if (numeric.length == 1) {
                double lo = Math.max(0, u0[0] - 0.25);
                double hi = Math.min(1, u0[0] + 0.25);
                new BrentOptimizer(1e-6, 1e-9).optimize(new MaxEval(LOCAL_EVALUATIONS),
                        new UnivariateObjectiveFunction(t -> f.applyAsDouble(new double[] {t})), GoalType.MAXIMIZE,
                        new SearchInterval(lo, hi, u0[0]));
            } else {
                // Nelder-Mead on the clamped point: its bookkeeping is O(d) per step where BOBYQA's
                // costs more than the acquisition itself at these sizes
                double[] steps = new double[numeric.length];
                Arrays.fill(steps, SIMPLEX_STEP);
                new SimplexOptimizer(1e-9, 1e-12).optimize(new MaxEval(LOCAL_EVALUATIONS),
                        new ObjectiveFunction(u -> f.applyAsDouble(clampUnit(u))), GoalType.MAXIMIZE,
                        new InitialGuess(u0), new NelderMeadSimplex(steps));
            }
        } catch (MathIllegalStateException budgetSpent) {
            // the evaluation budget ran out: bestZ holds the best point seen
        }
        return bestZ;
    }

    /** Tries every option of each Discrete parameter in turn at the refined point. */
    private double[] refineOptions(GaussianProcess gp, double[] z, double best) {
        double[] current = z.clone();
        double value = acquisition(gp, current, best);
        boolean[] categorical = space.categorical();
        for (int j = 0; j < current.length; j++) {
            if (!categorical[j]) {
                continue;
            }
            double keep = current[j];
            double bestOption = keep;
            for (int o = 0; o < space.options(j); o++) {
                if (o == keep) {
                    continue;
                }
                current[j] = o;
                double v = acquisition(gp, current, best);
                if (v > value) {
                    value = v;
                    bestOption = o;
                }
            }
            current[j] = bestOption;
        }
        return current;
    }

    private static double[] clampUnit(double[] u) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = Math.max(0, Math.min(1, u[i]));
        }
        return out;
    }

    private static boolean hasNaN(double[] z) {
        for (double v : z) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void tell(Outcome outcome) {
        ProposalLedger.Resolved<double[]> r = ledger.resolve(outcome);
        if (r == null) {
            return;
        }
        double[] z = r.payload() != null ? r.payload() : space.encode(r.values());
        if (hasNaN(z)) {
            return; // values outside the space (a changed config): nothing the model can place
        }
        z = space.snap(z);
        seen.add(new PointKey(z));
        if (!outcome.hasMetric()) {
            return;
        }
        double loss = outcome.loss(minimize);
        if (Double.isFinite(loss)) {
            observations.add(new Observation(observations.size(), z, loss));
        }
    }


    @Override
    public void restorePending(Proposal proposal) {
        double[] z = space.encode(proposal.values());
        if (ledger.restore(proposal, z) && !hasNaN(z)) {
            seen.add(new PointKey(space.snap(z)));
        }
    }
}
