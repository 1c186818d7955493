package dev.clusterutils.optim.random;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.ProposalLedger;
import dev.clusterutils.optim.SettingsSchema;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.UniformSampling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code random}: independent uniform draws over the space ({@link UniformSampling}). Not in the
 * original; the baseline every other optimiser must beat, and a sane choice for a first sweep.
 */
public final class RandomOptimizer implements Optimizer {

    public static final String NAME = "random";
    public static final SettingsSchema SETTINGS = new SettingsSchema(NAME, List.of());

    private final List<ParamSpec> space;
    private final RandomGenerator rng;
    private final ProposalLedger<Void> ledger = new ProposalLedger<>();

    public RandomOptimizer(List<ParamSpec> space, RandomGenerator rng) {
        this.space = List.copyOf(space);
        this.rng = rng;
    }

    /** One uniform draw of every parameter, in space order. */
    public static Map<String, Object> sample(List<ParamSpec> space, RandomGenerator rng) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : space) {
            values.put(p.param(), UniformSampling.sample(p, rng));
        }
        return values;
    }

    @Override
    public List<Proposal> ask(int max) {
        ProposalLedger.checkMax(max);
        List<Proposal> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            out.add(ledger.issue(sample(space, rng), null));
        }
        return out;
    }

    @Override
    public void tell(Outcome outcome) {
        ledger.resolve(outcome); // nothing to learn; keeps ids unique after a replay
    }


    @Override
    public void restorePending(Proposal proposal) {
        ledger.restore(proposal, null);
    }
}
