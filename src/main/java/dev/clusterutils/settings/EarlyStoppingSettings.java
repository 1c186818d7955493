package dev.clusterutils.settings;

/** A grid search's early stopping: the metric its jobs report, its direction, and the rule. */
public record EarlyStoppingSettings(String metric, boolean minimize, EarlyKillingParams rule) {
}
