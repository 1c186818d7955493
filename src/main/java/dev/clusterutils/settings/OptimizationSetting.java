package dev.clusterutils.settings;

/** {@code optimization_setting} of hp_optimization. */
public record OptimizationSetting(
        String metricToOptimize,
        boolean minimize,
        int numberOfSamples,
        int nJobsPerIteration,
        int nCompletedJobsBeforeResubmit,
        Boolean runLocal) {
}
