package dev.clusterutils.settings;

import java.util.List;

/**
 * {@code early_killing_params}: how a running job is judged from the values it reports with
 * {@code announce_early_results} (its "reports"), and stopped when it looks hopeless. The
 * {@code method} key picks the rule; {@code rank} (the original's) is the default, so files made
 * for the original keep their meaning. The resource a rule counts in is the number of reports a
 * job sent, or the numeric field {@code resource_key} of its reported metrics (e.g. "epoch").
 */
public sealed interface EarlyKillingParams {
    List<String> METHODS = List.of("rank", "asha", "hyperband", "median");

    /** The numeric field of the reports that counts as the resource; null: the number of reports. */
    String resourceKey();

    /** The original's rank rule (spec 4.5); it counts in reports. */
    record Rank(double targetRank, double howManyStds) implements EarlyKillingParams {
        @Override
        public String resourceKey() {
            return null;
        }
    }

    /**
     * Asynchronous successive halving: rungs at {@code minReports * reductionFactor^k}; a job
     * reaching a rung goes on only while its value is among the best 1/reductionFactor recorded
     * there so far. {@code maxReports} (nullable) is where jobs finish; no rung is placed at or above it.
     */
    record Asha(int reductionFactor, double minReports, Double maxReports, String resourceKey) implements EarlyKillingParams {
    }

    /** Brackets of {@link Asha} with minimum resources {@code minReports * reductionFactor^b} up to {@code maxReports}. */
    record Hyperband(int reductionFactor, double minReports, double maxReports, String resourceKey) implements EarlyKillingParams {
    }

    /**
     * A job whose best value so far is worse than the median of the finished jobs' values at the
     * same resource is stopped, once it sent {@code minReports} reports and {@code minFinished} jobs finished.
     */
    record Median(double minReports, int minFinished, String resourceKey) implements EarlyKillingParams {
    }
}
