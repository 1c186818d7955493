package dev.clusterutils.optim.pareto;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.ProposalLedger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * ParEGO (Knowles, 2006) over any single-objective optimiser: every ask draws a random weight
 * vector, turns each finished job's objectives into one number with the augmented Chebyshev
 * function {@code max_i(w_i f_i) + 0.05 * sum_i(w_i f_i)} of the objectives normalised to [0, 1]
 * by the range seen so far, and lets a fresh scalar optimiser, told those numbers, propose. Over
 * many asks the weights sweep the front. Used for {@code gp} with several metrics: the scalar
 * optimiser refits its model on every ask anyway, so building it anew costs little more.
 *
 * <p>The scalar optimiser is rebuilt by replay (the {@link Optimizer} contract): finished jobs as
 * outcomes under ids 0..n-1, pending proposals restored under the ids after them. So a ParEGO
 * instance rebuilt after a crash is the same function of the journal as any other optimiser.
 */
public final class ParEgoOptimizer implements Optimizer {

    /** The weight of the sum term: keeps weakly dominated points from scoring as well as the front. */
    static final double RHO = 0.05;

    private record Observation(Map<String, Object> values, double[] losses) {
    }

    private final List<Boolean> directions;
    private final Function<RandomGenerator, Optimizer> scalarFactory;
    private final RandomGenerator rng;
    private final ProposalLedger<Void> ledger = new ProposalLedger<>();
    private final List<Observation> observations = new ArrayList<>();

    /**
     * @param directions    whether to minimise each objective
     * @param scalarFactory a new minimising single-objective optimiser over the run's space, drawing
     *                      on the generator it is given
     */
    public ParEgoOptimizer(List<Boolean> directions, Function<RandomGenerator, Optimizer> scalarFactory, RandomGenerator rng) {
        this.directions = List.copyOf(directions);
        this.scalarFactory = scalarFactory;
        this.rng = rng;
    }

    @Override
    public List<Proposal> ask(int max) {
        ProposalLedger.checkMax(max);
        if (max == 0) {
            return List.of();
        }
        double[] w = weights();
        Optimizer scalar = scalarFactory.apply(new SplittableRandom(rng.nextLong()));
        double[] lo = new double[directions.size()];
        double[] hi = new double[directions.size()];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (Observation o : observations) {
            for (int i = 0; i < lo.length; i++) {
                lo[i] = Math.min(lo[i], o.losses()[i]);
                hi[i] = Math.max(hi[i], o.losses()[i]);
            }
        }
        long id = 0;
        for (Observation o : observations) {
            scalar.tell(Outcome.success(id++, o.values(), chebyshev(o.losses(), w, lo, hi)));
        }
        for (ProposalLedger.Pending<Void> p : ledger.pending()) {
            scalar.restorePending(new Proposal(id++, p.proposal().values()));
        }
        List<Proposal> out = new ArrayList<>(max);
        for (Proposal p : scalar.ask(max)) {
            out.add(ledger.issue(p.values(), null));
        }
        return out;
    }

    /** Uniform on the simplex: normalised exponential draws. */
    private double[] weights() {
        double[] w = new double[directions.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = -Math.log(1 - rng.nextDouble());
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = sum > 0 ? w[i] / sum : 1.0 / w.length;
        }
        return w;
    }

    static double chebyshev(double[] losses, double[] w, double[] lo, double[] hi) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < losses.length; i++) {
            double range = hi[i] - lo[i];
            double f = range > 0 ? (losses[i] - lo[i]) / range : 0;
            max = Math.max(max, w[i] * f);
            sum += w[i] * f;
        }
        return max + RHO * sum;
    }

    @Override
    public void tell(Outcome outcome) {
        ProposalLedger.Resolved<Void> r = ledger.resolve(outcome);
        if (r == null || !outcome.hasMetric() || outcome.status() == Outcome.Status.KILLED) {
            return;
        }
        double[] losses = outcome.losses(directions);
        for (double l : losses) {
            if (!Double.isFinite(l)) {
                return; // an infinite objective would flatten every other job's normalised value to 0
            }
        }
        observations.add(new Observation(r.values(), losses));
    }


    @Override
    public void restorePending(Proposal proposal) {
        ledger.restore(proposal, null);
    }
}
