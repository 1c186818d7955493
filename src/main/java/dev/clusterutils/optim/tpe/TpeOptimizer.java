package dev.clusterutils.optim.tpe;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.ProposalLedger;
import dev.clusterutils.optim.SettingsSchema;
import dev.clusterutils.optim.SettingsSchema.Key;
import dev.clusterutils.optim.SettingsSchema.Type;
import dev.clusterutils.optim.pareto.ParetoRanking;
import dev.clusterutils.optim.random.RandomOptimizer;
import dev.clusterutils.space.ParamSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * {@code tpe}: a Tree-structured Parzen Estimator after Optuna's default {@code TPESampler}. Not in
 * the original.
 *
 * <ol>
 *   <li>Until {@code n_startup_trials} jobs have finished with a metric, proposals are uniform
 *       ({@link RandomOptimizer#sample}).</li>
 *   <li>Then the finished trials are split: the best {@code min(ceil(0.1 n), 25)} are "good", the
 *       rest "bad". Killed jobs are always bad (their metric is an intermediate value, like Optuna's
 *       pruned trials); failed jobs are ignored.</li>
 *   <li>Constant liar: every pending proposal counts as a bad trial, so parallel asks spread out
 *       instead of piling onto the same spot.</li>
 *   <li>Per parameter, a Parzen estimator l over the good and g over the bad trials
 *       ({@link ParzenEstimator}, {@link CategoricalEstimator}); {@code n_ei_candidates} draws from
 *       l; the one maximising log l - log g wins. With {@code multivariate} the candidates are whole
 *       parameter vectors scored by the sum over parameters (Optuna's default is independent).</li>
 * </ol>
 *
 * <p>Several objectives (MOTPE, after Ozaki et al. 2020 and Optuna's multi-objective TPE): the good
 * trials are the best by non-domination rank ({@link ParetoRanking}); the rank that does not fit
 * whole is cut by crowding distance, so the good set spreads along the front instead of bunching at
 * one end. Everything else is as above. With more than two objectives the ranking looks at the
 * most recent {@code max_observations} trials only, to keep ask below O(n^2).
 *
 * <p>Scaling: the bad estimator uses only the most recent {@code max_observations} bad trials
 * (plus the pending ones). Optuna's weights already fade old trials towards 1/n, so the cap changes
 * little, and it keeps ask at O(max_observations) instead of O(n): well under a millisecond per ask
 * at 10,000 trials. Trials are kept in a loss-ordered tree so the split is O(log n) per tell.
 */
public final class TpeOptimizer implements Optimizer {

    public static final String NAME = "tpe";
    public static final Key N_STARTUP_TRIALS = Key.optional("n_startup_trials", Type.INT, 10L).atLeast(1);
    public static final Key N_EI_CANDIDATES = Key.optional("n_ei_candidates", Type.INT, 24L).atLeast(1);
    public static final Key PRIOR_WEIGHT = Key.optional("prior_weight", Type.NUMBER, 1.0).atLeast(1e-12);
    public static final Key MULTIVARIATE = Key.optional("multivariate", Type.BOOL, false);
    public static final Key MAX_OBSERVATIONS = Key.optional("max_observations", Type.INT, 1000L).atLeast(25);
    public static final SettingsSchema SETTINGS = new SettingsSchema(NAME,
            List.of(N_STARTUP_TRIALS, N_EI_CANDIDATES, PRIOR_WEIGHT, MULTIVARIATE, MAX_OBSERVATIONS));

    private static final int MAX_GOOD = 25;
    private static final double GAMMA = 0.1;

    /** One finished trial; {@code x} holds the model coordinates, NaN where a value did not fit. */
    private record Trial(long seq, double loss, double[] losses, double[] x, boolean killed) {
    }

    private static final Comparator<Trial> BY_LOSS =
            Comparator.comparingDouble(Trial::loss).thenComparingLong(Trial::seq);

    private static final Comparator<Trial> BY_LOSSES = Comparator.comparingDouble((Trial t) -> t.losses()[0])
            .thenComparingDouble(t -> t.losses()[1]).thenComparingLong(Trial::seq);

    private final List<ParamSpec> space;
    private final List<TpeParam> params = new ArrayList<>();
    private final boolean minimize;
    /** One direction per objective; more than one makes this MOTPE. */
    private final List<Boolean> directions;
    private final RandomGenerator rng;
    private final int nStartupTrials;
    private final int nEiCandidates;
    private final double priorWeight;
    private final boolean multivariate;
    private final int maxObservations;

    private final List<Trial> history = new ArrayList<>();
    private final TreeSet<Trial> completedByLoss = new TreeSet<>(BY_LOSS);
    /** Two objectives: the completed trials by (first loss, second loss), so ranking needs no sort per ask. */
    private final TreeSet<Trial> completedByLosses = new TreeSet<>(BY_LOSSES);
    private final ProposalLedger<double[]> ledger = new ProposalLedger<>();

    public TpeOptimizer(List<ParamSpec> space, boolean minimize, RandomGenerator rng, int nStartupTrials,
            int nEiCandidates, double priorWeight, boolean multivariate, int maxObservations) {
        this(space, List.of(minimize), rng, nStartupTrials, nEiCandidates, priorWeight, multivariate, maxObservations);
    }

    /** @param directions whether to minimise each objective; several make this MOTPE */
    public TpeOptimizer(List<ParamSpec> space, List<Boolean> directions, RandomGenerator rng, int nStartupTrials,
            int nEiCandidates, double priorWeight, boolean multivariate, int maxObservations) {
        this.space = List.copyOf(space);
        this.space.forEach(p -> params.add(TpeParam.of(p)));
        this.directions = List.copyOf(directions);
        this.minimize = this.directions.get(0);
        this.rng = rng;
        this.nStartupTrials = Math.max(1, nStartupTrials);
        this.nEiCandidates = Math.max(1, nEiCandidates);
        this.priorWeight = priorWeight;
        this.multivariate = multivariate;
        this.maxObservations = Math.max(MAX_GOOD, maxObservations);
    }

    public TpeOptimizer(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
        this(space, minimize, rng, 10, 24, 1.0, false, 1000);
    }

    public static TpeOptimizer fromSettings(Map<String, Object> settings, List<ParamSpec> space, boolean minimize,
            RandomGenerator rng) {
        return fromSettings(settings, space, List.of(minimize), rng);
    }

    public static TpeOptimizer fromSettings(Map<String, Object> settings, List<ParamSpec> space, List<Boolean> directions,
            RandomGenerator rng) {
        return new TpeOptimizer(space, directions, rng,
                SettingsSchema.intValue(settings, N_STARTUP_TRIALS),
                SettingsSchema.intValue(settings, N_EI_CANDIDATES),
                SettingsSchema.doubleValue(settings, PRIOR_WEIGHT),
                SettingsSchema.boolValue(settings, MULTIVARIATE),
                SettingsSchema.intValue(settings, MAX_OBSERVATIONS));
    }

    @Override
    public List<Proposal> ask(int max) {
        ProposalLedger.checkMax(max);
        List<Proposal> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            Map<String, Object> values = history.size() < nStartupTrials
                    ? RandomOptimizer.sample(space, rng)
                    : suggest();
            // registered before the next draw, so the next proposal of this batch already sees it as pending
            out.add(ledger.issue(values, encode(values)));
        }
        return out;
    }

    private double[] encode(Map<String, Object> values) {
        double[] x = new double[params.size()];
        for (int j = 0; j < params.size(); j++) {
            x[j] = params.get(j).encode(values.get(params.get(j).spec().param()));
        }
        return x;
    }

    private Map<String, Object> suggest() {
        int n = history.size();
        int nGood = Math.min((int) Math.ceil(GAMMA * n), MAX_GOOD);
        List<Trial> good;
        if (directions.size() > 1) {
            good = goodByRank(nGood);
        } else {
            good = new ArrayList<>(nGood);
            Iterator<Trial> it = completedByLoss.iterator();
            while (good.size() < nGood && it.hasNext()) {
                good.add(it.next());
            }
        }
        Set<Long> goodSeqs = new HashSet<>();
        good.forEach(t -> goodSeqs.add(t.seq()));
        good.sort(Comparator.comparingLong(Trial::seq)); // weights depend on trial order

        List<double[]> bad = new ArrayList<>();
        ListIterator<Trial> back = history.listIterator(history.size());
        while (bad.size() < maxObservations && back.hasPrevious()) {
            Trial t = back.previous();
            if (!goodSeqs.contains(t.seq())) {
                bad.add(t.x());
            }
        }
        Collections.reverse(bad);
        for (ProposalLedger.Pending<double[]> p : ledger.pending()) {
            bad.add(p.payload()); // constant liar: pending proposals count as bad
        }
        List<double[]> goodX = good.stream().map(Trial::x).toList();

        Map<String, Object> values = new LinkedHashMap<>();
        if (multivariate) {
            suggestJointly(goodX, bad, values);
        } else {
            for (int j = 0; j < params.size(); j++) {
                TpeParam p = params.get(j);
                Model m = model(p, j, goodX, bad);
                double best = Double.NaN;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < nEiCandidates; c++) {
                    double t = m.sample(rng);
                    double score = m.score(t);
                    if (Double.isNaN(best) || score > bestScore) {
                        best = t;
                        bestScore = score;
                    }
                }
                values.put(p.spec().param(), p.decode(best));
            }
        }
        return values;
    }

    /** MOTPE's split: whole ranks first, the rank that does not fit cut by crowding distance. */
    private List<Trial> goodByRank(int nGood) {
        List<Trial> candidates = new ArrayList<>();
        int[] rank;
        if (directions.size() == 2) {
            candidates.addAll(completedByLosses);
            rank = ParetoRanking.ranksOfSorted2d(candidates.stream().map(Trial::losses).toList());
        } else {
            ListIterator<Trial> back = history.listIterator(history.size());
            while (back.hasPrevious() && candidates.size() < maxObservations) {
                Trial t = back.previous();
                if (!t.killed()) {
                    candidates.add(t);
                }
            }
            rank = ParetoRanking.ranks(candidates.stream().map(Trial::losses).toList());
        }
        List<double[]> points = candidates.stream().map(Trial::losses).toList();
        TreeMap<Integer, List<Integer>> byRank = new TreeMap<>();
        for (int i = 0; i < rank.length; i++) {
            byRank.computeIfAbsent(rank[i], r -> new ArrayList<>()).add(i);
        }
        List<Trial> good = new ArrayList<>(nGood);
        for (List<Integer> members : byRank.values()) {
            if (good.size() >= nGood) {
                break;
            }
            if (good.size() + members.size() <= nGood) {
                members.forEach(i -> good.add(candidates.get(i)));
                continue;
            }
            double[] crowd = ParetoRanking.crowding(members.stream().map(points::get).toList());
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < members.size(); k++) {
                order.add(k);
            }
            // most isolated first; ties (the infinite ends) by age, oldest first, for determinism
            order.sort(Comparator.comparingDouble((Integer k) -> -crowd[k])
                    .thenComparingLong(k -> candidates.get(members.get(k)).seq()));
            for (int k = 0; k < order.size() && good.size() < nGood; k++) {
                good.add(candidates.get(members.get(order.get(k))));
            }
        }
        return good;
    }

    private void suggestJointly(List<double[]> good, List<double[]> bad, Map<String, Object> values) {
        List<Model> models = new ArrayList<>();
        for (int j = 0; j < params.size(); j++) {
            models.add(model(params.get(j), j, good, bad));
        }
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < nEiCandidates; c++) {
            double[] cand = new double[params.size()];
            double score = 0;
            for (int j = 0; j < params.size(); j++) {
                cand[j] = models.get(j).sample(rng);
                score += models.get(j).score(cand[j]);
            }
            if (best == null || score > bestScore) {
                best = cand;
                bestScore = score;
            }
        }
        for (int j = 0; j < params.size(); j++) {
            values.put(params.get(j).spec().param(), params.get(j).decode(best[j]));
        }
    }

    /** l and g of one parameter. */
    private record Model(TpeParam param, ParzenEstimator lNum, ParzenEstimator gNum,
            CategoricalEstimator lCat, CategoricalEstimator gCat) {

        double sample(RandomGenerator rng) {
            if (lCat != null) {
                return lCat.sample(rng);
            }
            double t = lNum.sample(rng);
            if (param.kind() == TpeParam.Kind.INT) {
                // snap to the integer the value will become, so that the score is the score of that integer
                return param.encode(param.decode(t));
            }
            return t;
        }

        /** log l(x) - log g(x). */
        double score(double t) {
            if (lCat != null) {
                return lCat.logProb((int) t) - gCat.logProb((int) t);
            }
            if (param.kind() == TpeParam.Kind.INT) {
                long k = (Long) param.decode(t);
                double a = param.cellLow(k);
                double b = param.cellHigh(k);
                return lNum.logMass(a, b) - gNum.logMass(a, b);
            }
            return lNum.logPdf(t) - gNum.logPdf(t);
        }
    }

    private Model model(TpeParam p, int j, List<double[]> good, List<double[]> bad) {
        double[] g = column(good, j);
        double[] b = column(bad, j);
        if (p.kind() == TpeParam.Kind.CATEGORICAL) {
            int k = p.spec().options().size();
            return new Model(p, null, null, CategoricalEstimator.build(toIndices(g), k, priorWeight),
                    CategoricalEstimator.build(toIndices(b), k, priorWeight));
        }
        return new Model(p, ParzenEstimator.build(g, p.low(), p.high(), priorWeight),
                ParzenEstimator.build(b, p.low(), p.high(), priorWeight), null, null);
    }

    private static double[] column(List<double[]> rows, int j) {
        double[] out = new double[rows.size()];
        int n = 0;
        for (double[] r : rows) {
            if (!Double.isNaN(r[j])) {
                out[n++] = r[j];
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static int[] toIndices(double[] xs) {
        int[] out = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = (int) xs[i];
        }
        return out;
    }

    @Override
    public void tell(Outcome outcome) {
        ProposalLedger.Resolved<double[]> r = ledger.resolve(outcome);
        if (r == null || !outcome.hasMetric()) {
            return;
        }
        double[] losses = outcome.losses(directions);
        for (double l : losses) {
            if (Double.isNaN(l)) {
                return; // an objective is missing: nothing to rank it by
            }
        }
        double[] x = r.payload() != null ? r.payload() : encode(r.values());
        Trial t = new Trial(history.size(), losses[0], losses, x, outcome.status() == Outcome.Status.KILLED);
        history.add(t);
        if (!t.killed()) {
            completedByLoss.add(t);
            if (directions.size() == 2) {
                completedByLosses.add(t);
            }
        }
    }


    @Override
    public void restorePending(Proposal proposal) {
        ledger.restore(proposal, encode(proposal.values()));
    }
}
