package dev.clusterutils.run;

import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.SettingsProblem;
import java.util.List;

/** Checks that need more than the settings package knows: the optimizer's own settings. */
public final class RunValidation {
    private RunValidation() {
    }

    public static List<SettingsProblem> problems(RunSettings settings) {
        if (settings.hpo() == null) {
            return List.of();
        }
        return OptimizerFactory.validate(settings.hpo().optimizerStr(), settings.hpo().optimizerSettings());
    }
}
