package dev.clusterutils.run.stopping;

import dev.clusterutils.settings.EarlyKillingParams;

/**
 * One way of judging a running job from the values it reports. Pure and single-threaded: the
 * run's coordinator feeds it every report, every normal end and every other end, in order, and
 * acts on the verdicts. Resources are what the rule counts in: a job's report number (1, 2, ...),
 * or a numeric field of its reports such as the epoch.
 */
public sealed interface StoppingRule permits RankRule, SuccessiveHalving, Hyperband, MedianRule {

    /** A running job reported {@code value} at {@code resource}; NaN values count as the worst. */
    Verdict report(long jobId, double resource, double value);

    /** A job ended normally with {@code finalValue} (NaN when it has none): its reports become references. */
    void finished(long jobId, double finalValue);

    /** A job ended otherwise (failed, stopped, cancelled): whatever the rule kept for it alone is dropped. */
    void ended(long jobId);

    static StoppingRule of(EarlyKillingParams params, boolean minimize) {
        if (params instanceof EarlyKillingParams.Rank r) {
            return new RankRule(minimize, r.targetRank(), r.howManyStds());
        }
        if (params instanceof EarlyKillingParams.Asha a) {
            return new SuccessiveHalving(a.reductionFactor(), a.minReports(), a.maxReports(), minimize);
        }
        if (params instanceof EarlyKillingParams.Hyperband h) {
            return new Hyperband(h.reductionFactor(), h.minReports(), h.maxReports(), minimize);
        }
        EarlyKillingParams.Median m = (EarlyKillingParams.Median) params;
        return new MedianRule(m.minReports(), m.minFinished(), minimize);
    }
}
