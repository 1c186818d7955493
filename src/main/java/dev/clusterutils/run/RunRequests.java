package dev.clusterutils.run;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.RunType;
import dev.clusterutils.settings.SettingsEnvironment;
import dev.clusterutils.settings.SettingsException;
import dev.clusterutils.settings.SettingsLoader;
import dev.clusterutils.settings.SettingsProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a caller without a terminal has (a settings file or tree, overrides, {@code cu.*}
 * properties) into a validated {@link RunRequest}: the inbox and embedding hosts start runs
 * through here. Everything that stops a run from starting (settings problems, optimizer settings,
 * malformed properties, the existing-results policy) comes as one {@link SettingsException}.
 */
public final class RunRequests {
    private static final Logger LOG = LoggerFactory.getLogger(RunRequests.class);

    private RunRequests() {
    }

    /**
     * @param type       null to tell from the file's keys ({@link SettingsLoader#detectType})
     * @param properties {@code cu.*} properties; an unset existing-results policy means {@link ExistingResults#RESUME}
     */
    public static RunRequest fromFile(Path file, RunType type, List<String> overrides, Function<String, String> properties)
            throws SettingsException {
        RunOptions options = options(properties);
        SettingsEnvironment env = environment(options);
        RunType t = type != null ? type : SettingsLoader.detectType(file, env);
        RunSettings settings = SettingsLoader.load(t, file, overrides, env);
        return finish(settings, options, properties);
    }

    /** A settings tree in memory; {@code origin} (nullable) is recorded as the settings file. */
    public static RunRequest fromTree(Map<String, ?> tree, Path origin, RunType type, List<String> overrides,
                                      Function<String, String> properties) throws SettingsException {
        RunOptions options = options(properties);
        RunType t = type != null ? type : SettingsLoader.detectType(tree);
        RunSettings settings = SettingsLoader.load(t, tree, origin, overrides, environment(options));
        return finish(settings, options, properties);
    }

    /** Already loaded settings: validated once more for the optimizer, then the policy decides about resuming. */
    public static RunRequest fromSettings(RunSettings settings, Function<String, String> properties) throws SettingsException {
        return finish(settings, options(properties), properties);
    }

    private static RunOptions options(Function<String, String> properties) throws SettingsException {
        try {
            return RunProperties.apply(RunOptions.defaults(), properties);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(null, e.getMessage());
        }
    }

    private static SettingsEnvironment environment(RunOptions options) {
        return new SettingsEnvironment(options.env(), options.home(), options.cwd(), Clock.systemDefaultZone());
    }

    private static RunRequest finish(RunSettings settings, RunOptions options, Function<String, String> properties)
            throws SettingsException {
        List<SettingsProblem> problems = new ArrayList<>(RunValidation.problems(settings));
        problems.addAll(RunValidation.problems(options));
        problems.addAll(RunValidation.preflight(settings, options));
        boolean resume = false;
        try {
            ExistingResults policy = RunProperties.existingResults(properties, ExistingResults.RESUME);
            resume = (policy == ExistingResults.ASK ? ExistingResults.RESUME : policy).resumeFor(settings.resultsDir());
        } catch (IllegalArgumentException | IllegalStateException e) {
            problems.add(new SettingsProblem("results_dir", e.getMessage()));
        } catch (IOException e) {
            problems.add(new SettingsProblem("results_dir", "cannot read " + settings.resultsDir() + ": " + e.getMessage()));
        }
        if (resume && problems.isEmpty()) {
            try {
                SettingsChanges changes = SettingsChanges.since(new RunLayout(settings.resultsDir(), null, null).resolvedSettings(), settings);
                changes.refused().forEach(c -> problems.add(new SettingsProblem(c.key(), "changed since the run in "
                        + settings.resultsDir() + " started (" + c + "); it cannot be resumed with it: put it back, or use "
                        + RunProperties.EXISTING_RESULTS + "=fresh")));
                if (changes.refused().isEmpty() && !changes.isEmpty()) {
                    LOG.warn("Resuming {} with changed settings: {}", settings.name(), changes.changes());
                }
            } catch (IOException e) {
                problems.add(new SettingsProblem("results_dir", "cannot read the settings of the run in " + settings.resultsDir()
                        + ": " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        RunValidation.warning(settings).ifPresent(w -> LOG.warn("Settings of {}: {}", settings.name(), w));
        return new RunRequest(settings, options.withResume(resume));
    }
}
