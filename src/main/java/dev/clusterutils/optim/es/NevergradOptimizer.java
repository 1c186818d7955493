package dev.clusterutils.optim.es;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.ProposalLedger;
import dev.clusterutils.optim.SettingsSchema;
import dev.clusterutils.optim.SettingsSchema.Key;
import dev.clusterutils.optim.SettingsSchema.Type;
import dev.clusterutils.space.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code nevergrad}: native Java versions of the nevergrad optimiser families that
 * {@code opt_alg} names, running on the {@link UnitCube} encoding of the space. The Python library
 * is not used; the algorithms follow their published definitions, not nevergrad's code, so
 * proposals differ from the original's even in distribution.
 *
 * <p>Differences from the original: an outcome without a metric is skipped instead of stopping the
 * whole tell (11.2 #15); {@code budget} and {@code num_workers} are accepted ({@code num_workers}
 * raises the population of CMA, DE, PSO and TBPSA to at least that many, so a batch of parallel
 * jobs is one generation; {@code budget} is accepted for compatibility and not used, because the
 * run's {@code number_of_samples} decides when to stop); killed jobs are told with their last
 * intermediate value; any number of candidates may be pending.
 */
public final class NevergradOptimizer implements Optimizer {

    public static final String NAME = "nevergrad";
    public static final Key OPT_ALG = Key.required("opt_alg", Type.STRING).oneOf(EsMethod.userNames());
    public static final Key BUDGET = Key.optional("budget", Type.INT, null).atLeast(1);
    public static final Key NUM_WORKERS = Key.optional("num_workers", Type.INT, null).atLeast(1);
    public static final SettingsSchema SETTINGS = new SettingsSchema(NAME, List.of(OPT_ALG, BUDGET, NUM_WORKERS));

    private final EsMethod method;
    private final UnitCube cube;
    private final EsAlgorithm algorithm;
    private final boolean minimize;
    private final RandomGenerator rng;
    private final ProposalLedger<Candidate> ledger = new ProposalLedger<>();

    public NevergradOptimizer(List<ParamSpec> space, EsMethod method, Integer numWorkers, boolean minimize,
            RandomGenerator rng) {
        this.method = method == EsMethod.NGOPT ? EsMethod.ngOptChoice(space) : method;
        this.cube = new UnitCube(space);
        this.minimize = minimize;
        this.rng = rng;
        int d = cube.dimension();
        int workers = numWorkers == null ? 1 : numWorkers;
        this.algorithm = switch (this.method) {
            case ONE_PLUS_ONE -> new OnePlusOne(d);
            case CMA -> new CmaEs(d, workers);
            case DE -> new DifferentialEvolution(d, DifferentialEvolution.Crossover.UNIFORM, workers);
            case TWO_POINTS_DE -> new DifferentialEvolution(d, DifferentialEvolution.Crossover.TWO_POINTS, workers);
            case PSO -> new ParticleSwarm(d, workers);
            case RANDOM_SEARCH -> new RandomSearch(d);
            case TBPSA -> new Tbpsa(d, workers);
            case NGOPT -> throw new AssertionError("resolved above");
        };
    }

    public static NevergradOptimizer fromSettings(Map<String, Object> settings, List<ParamSpec> space,
            boolean minimize, RandomGenerator rng) {
        String name = (String) SettingsSchema.value(settings, OPT_ALG);
        EsMethod method = EsMethod.byName(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown opt_alg '" + name + "'"));
        return new NevergradOptimizer(space, method, SettingsSchema.optionalInt(settings, NUM_WORKERS), minimize, rng);
    }

    /** The family that runs (NGOpt resolved to its choice). */
    public EsMethod method() {
        return method;
    }

    @Override
    public List<Proposal> ask(int max) {
        ProposalLedger.checkMax(max);
        List<Proposal> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            Candidate c = algorithm.ask(rng);
            out.add(ledger.issue(cube.decode(c.genotype()), c));
        }
        return out;
    }

    @Override
    public void tell(Outcome outcome) {
        ProposalLedger.Resolved<Candidate> r = ledger.resolve(outcome);
        if (r == null) {
            return;
        }
        Candidate c = r.payload();
        if (!outcome.hasMetric()) {
            if (c != null) {
                algorithm.forget(c);
            }
            return;
        }
        double loss = outcome.loss(minimize);
        if (c != null) {
            algorithm.tell(c, loss);
            return;
        }
        double[] point = cube.encode(r.values());
        if (point != null) {
            algorithm.tellNotAsked(point, loss);
        }
    }


    @Override
    public void restorePending(Proposal proposal) {
        ledger.restore(proposal, null);
    }
}
