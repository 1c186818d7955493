package dev.clusterutils.run;

import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.SettingsProblem;
import java.util.List;

/** Checks that need more than the settings package knows: the optimizer's own settings. */
public final class RunValidation {
    private RunValidation() {
    }

    /**
     * The run options that would otherwise fail only once the run has started (and written its
     * results dir): each as a problem named after its command-line option.
     */
    public static List<SettingsProblem> problems(RunOptions options) {
        List<SettingsProblem> problems = new java.util.ArrayList<>();
        if (options.maxJobs() != null && options.maxJobs() < 1) {
            problems.add(new SettingsProblem("--max-jobs", "must be at least 1, got " + options.maxJobs()));
        }
        if (options.failureMargin() < 0) {
            problems.add(new SettingsProblem("--failure-margin", "must be at least 0, got " + options.failureMargin()));
        }
        if (options.hangTimeoutSeconds() < 1) {
            problems.add(new SettingsProblem("--hang-timeout", "must be at least 1 second, got " + options.hangTimeoutSeconds()));
        }
        try {
            dev.clusterutils.protocol.ServerAddress.validate(options.listenAddress());
        } catch (IllegalArgumentException e) {
            problems.add(new SettingsProblem("--listen-address", e.getMessage()));
        }
        return problems;
    }

    public static List<SettingsProblem> problems(RunSettings settings) {
        if (settings.hpo() == null) {
            return List.of();
        }
        return OptimizerFactory.validate(settings.hpo().optimizerStr(), settings.hpo().optimizerSettings());
    }
}
