package dev.clusterutils.run;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.protocol.ServerAddress;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.SettingsProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that need more than the settings package knows: the optimizer's own settings, and the
 * places a run will read and write. They run before anything is written, so that a run that cannot
 * work is refused with the fix instead of failing after its folders were made.
 */
public final class RunValidation {
    private RunValidation() {
    }

    /**
     * The run options that would otherwise fail only once the run has started (and written its
     * results dir): each as a problem named after its command-line option.
     */
    public static List<SettingsProblem> problems(RunOptions options) {
        List<SettingsProblem> problems = new ArrayList<>();
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
            ServerAddress.validate(options.listenAddress());
        } catch (IllegalArgumentException e) {
            problems.add(new SettingsProblem("--listen-address", e.getMessage()));
        }
        return problems;
    }

    public static List<SettingsProblem> problems(RunSettings settings) {
        if (settings.hpo() == null) {
            return List.of();
        }
        var optimization = settings.hpo().optimization();
        int objectives = optimization == null || optimization.objectives() == null ? 1 : optimization.objectives().count();
        return OptimizerFactory.validate(settings.hpo().optimizerStr(), settings.hpo().optimizerSettings(), objectives);
    }

    /**
     * The script when it is run from the current folder (a clone is checked after the checkout),
     * and the results and cache folders: each must be a folder that exists and can be written, or
     * be creatable below one.
     */
    public static List<SettingsProblem> preflight(RunSettings settings, RunOptions options) {
        List<SettingsProblem> problems = new ArrayList<>();
        if (settings.runInWorkingDir()) {
            Path script = options.cwd().resolve(settings.scriptRelativePath()).normalize();
            if (!Files.isRegularFile(script)) {
                problems.add(new SettingsProblem("script_relative_path", script + (Files.exists(script) ? " is not a file" : " does not exist")
                        + " (resolved against the current folder " + options.cwd() + ", as run_in_working_dir is true)"));
            }
        }
        whyNotWritable(settings.resultsDir()).ifPresent(why -> problems.add(new SettingsProblem("results_dir",
                "cannot write the results to " + settings.resultsDir() + ": " + why)));
        Path cache = RunLayout.cacheDir(options.env(), options.home());
        whyNotWritable(cache).ifPresent(why -> problems.add(new SettingsProblem(null,
                "cannot write the run's scripts and logs to " + cache + ": " + why + " (set CLUSTER_UTILS_CACHE_DIR to another folder)")));
        return problems;
    }

    /** Why files cannot be created in {@code dir} (made first if missing), judged without writing anything. */
    static Optional<String> whyNotWritable(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            if (Files.isSymbolicLink(existing)) {
                // a dangling link: creating the folder would fail, and a fresh start would refuse to delete it
                return Optional.of(existing + " is a link to " + target(existing) + ", which does not exist");
            }
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of("none of its parent folders exists");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            return Optional.of("permission denied: " + existing + " cannot be written");
        }
        return Optional.empty();
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a path that cannot be read";
        }
    }

    /** What the user should read but that does not stop the run: settings of another optimizer, ignored. */
    public static Optional<String> warning(RunSettings settings) {
        return settings.hpo() == null ? Optional.empty()
                : Optional.ofNullable(OptimizerFactory.foreignKeysWarning(settings.hpo().optimizerStr(), settings.hpo().optimizerSettings()));
    }
}
