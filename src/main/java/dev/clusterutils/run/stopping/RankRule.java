package dev.clusterutils.run.stopping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The original's rule ({@code method = "rank"}, the default): see {@link EarlyKilling}. Counts in reports. */
public final class RankRule implements StoppingRule {
    private final EarlyKilling rule;
    private final Map<Long, List<Double>> reports = new HashMap<>();

    RankRule(boolean minimize, double targetRank, double howManyStds) {
        this.rule = new EarlyKilling("", minimize, targetRank, howManyStds);
    }

    @Override
    public Verdict report(long jobId, double resource, double value) {
        List<Double> values = reports.computeIfAbsent(jobId, id -> new ArrayList<>());
        values.add(value);
        return rule.shouldKill(values) ? Verdict.stop("its rank after " + values.size() + " reports is unlikely to end among the best", null)
                : Verdict.CONTINUE;
    }

    @Override
    public void finished(long jobId, double finalValue) {
        List<Double> values = reports.remove(jobId);
        if (values != null) {
            rule.addReference(values, finalValue);
        }
    }

    @Override
    public void ended(long jobId) {
        reports.remove(jobId);
    }
}
