package dev.clusterutils.cli;

import dev.clusterutils.settings.RunType;
import picocli.CommandLine.Command;

@Command(name = "hp_optimization", mixinStandardHelpOptions = true,
        description = {"Run hyperparameter optimization.",
                "Samples settings from the configured distributions, runs them as jobs and feeds the results to the optimizer."})
final class HpOptimizationCommand extends RunCommand {
    @Override
    RunType type() {
        return RunType.HP_OPTIMIZATION;
    }
}
