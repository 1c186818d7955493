package dev.clusterutils.optim.cem;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.ProposalLedger;
import dev.clusterutils.optim.SettingsSchema;
import dev.clusterutils.optim.SettingsSchema.Key;
import dev.clusterutils.optim.SettingsSchema.Type;
import dev.clusterutils.space.ParamDistribution;
import dev.clusterutils.space.ParamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code cem_metaoptimizer} (spec 4.2.1): a cross-entropy-style search. Every optimised parameter has
 * its own distribution (spec 4.3); after every successful outcome they are refitted to the elite, the
 * best {@code num_jobs_in_elite} settings of the reduced table (mean over repeated runs). With
 * {@code with_restarts}, once the elite is full, 20 % of the proposals re-run a setting from its
 * better half, which is what raises {@code job_restarts}.
 *
 * <p>Differences from the original: rebuilt by replaying outcomes (the original's resume read
 * {@code with_restarts} from a dict key, so it was always on, 11.2 #14); the distribution fixes of
 * {@link dev.clusterutils.space.NumericDistribution} and
 * {@link dev.clusterutils.space.DiscreteDistribution} apply (11.2 #10, #12, #13); a killed job
 * counts with its last intermediate value, as in the original.
 */
public final class CemOptimizer implements Optimizer {

    public static final String NAME = "cem_metaoptimizer";
    public static final Key NUM_JOBS_IN_ELITE = Key.required("num_jobs_in_elite", Type.INT);
    public static final Key WITH_RESTARTS = Key.required("with_restarts", Type.BOOL);
    public static final SettingsSchema SETTINGS = new SettingsSchema(NAME, List.of(NUM_JOBS_IN_ELITE, WITH_RESTARTS));

    /** The original never lets the elite be smaller than this. */
    static final int MIN_ELITE = 5;
    /** Share of proposals drawn fresh once the elite is full, when restarts are on. */
    static final double NEW_SAMPLE_PROBABILITY = 0.8;

    private final List<ParamSpec> space;
    private final int numJobsInElite;
    private final boolean withRestarts;
    private final boolean minimize;
    private final RandomGenerator rng;
    private final List<ParamDistribution> distributions = new ArrayList<>();
    private final ReducedTable table;
    private final ProposalLedger<Void> ledger = new ProposalLedger<>();

    public CemOptimizer(List<ParamSpec> space, int numJobsInElite, boolean withRestarts, boolean minimize,
            RandomGenerator rng) {
        this.space = List.copyOf(space);
        this.numJobsInElite = Math.max(MIN_ELITE, numJobsInElite);
        this.withRestarts = withRestarts;
        this.minimize = minimize;
        this.rng = rng;
        this.table = new ReducedTable(this.space);
        for (ParamSpec p : this.space) {
            distributions.add(ParamDistribution.initial(p));
        }
    }

    public static CemOptimizer fromSettings(Map<String, Object> settings, List<ParamSpec> space, boolean minimize,
            RandomGenerator rng) {
        return new CemOptimizer(space, SettingsSchema.intValue(settings, NUM_JOBS_IN_ELITE),
                SettingsSchema.boolValue(settings, WITH_RESTARTS), minimize, rng);
    }

    @Override
    public List<Proposal> ask(int max) {
        ProposalLedger.checkMax(max);
        List<Proposal> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            out.add(ledger.issue(next(), null));
        }
        return out;
    }

    private Map<String, Object> next() {
        // same short-circuit as the original, so the uniform is only drawn when it decides something
        if (!withRestarts || table.size() < numJobsInElite || rng.nextDouble() < NEW_SAMPLE_PROBABILITY) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (ParamDistribution d : distributions) {
                values.put(d.spec().param(), d.sample(rng));
            }
            return values;
        }
        List<ReducedTable.Row> elite = table.top(numJobsInElite);
        return new LinkedHashMap<>(elite.get(rng.nextInt(elite.size() / 2)).values());
    }

    @Override
    public void tell(Outcome outcome) {
        ProposalLedger.Resolved<Void> r = ledger.resolve(outcome);
        if (r == null || !outcome.hasMetric()) {
            return; // failed jobs teach the original nothing either
        }
        if (table.add(r.values(), outcome.loss(minimize))) {
            refit();
        }
    }

    private void refit() {
        List<ReducedTable.Row> elite = table.top(numJobsInElite);
        for (int i = 0; i < distributions.size(); i++) {
            String name = space.get(i).param();
            List<Object> values = new ArrayList<>(elite.size());
            for (ReducedTable.Row row : elite) {
                values.add(row.values().get(name));
            }
            distributions.set(i, distributions.get(i).fit(values));
        }
    }


    @Override
    public void restorePending(Proposal proposal) {
        ledger.restore(proposal, null);
    }

    /** The current distributions, in {@code optimized_params} order (for reports and tests). */
    public List<ParamDistribution> distributions() {
        return List.copyOf(distributions);
    }

    public int numJobsInElite() {
        return numJobsInElite;
    }

    public boolean withRestarts() {
        return withRestarts;
    }

    /** The report's {@code minimal_restarts_to_count} for a given iteration. */
    public int minimalRestartsToCount(int iteration) {
        return withRestarts ? 1 + iteration / 4 : 1;
    }
}
