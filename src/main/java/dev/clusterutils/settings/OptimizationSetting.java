package dev.clusterutils.settings;

/**
 * {@code optimization_setting} of hp_optimization. {@code metricToOptimize} and {@code minimize}
 * are the first objective (the only one of a single-objective run); {@code objectives} has all.
 */
public record OptimizationSetting(
        String metricToOptimize,
        boolean minimize,
        int numberOfSamples,
        int nJobsPerIteration,
        int nCompletedJobsBeforeResubmit,
        Boolean runLocal,
        Objectives objectives) {

    public OptimizationSetting {
        if (objectives == null && metricToOptimize != null) {
            objectives = Objectives.single(metricToOptimize, minimize);
        }
    }

    /** A single-objective setting, as the original has it. */
    public OptimizationSetting(String metricToOptimize, boolean minimize, int numberOfSamples, int nJobsPerIteration,
            int nCompletedJobsBeforeResubmit, Boolean runLocal) {
        this(metricToOptimize, minimize, numberOfSamples, nJobsPerIteration, nCompletedJobsBeforeResubmit, runLocal, null);
    }
}
