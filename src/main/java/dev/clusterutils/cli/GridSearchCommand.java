package dev.clusterutils.cli;

import dev.clusterutils.settings.RunType;
import picocli.CommandLine.Command;

@Command(name = "grid_search", mixinStandardHelpOptions = true,
        description = "Run grid_search over hyperparameters.")
final class GridSearchCommand extends RunCommand {
    @Override
    RunType type() {
        return RunType.GRID_SEARCH;
    }
}
