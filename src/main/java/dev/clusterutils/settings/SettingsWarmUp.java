package dev.clusterutils.settings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading settings is the first thing a run does, and most of its time is one-off work of the JVM:
 * loading and initialising the parsers' and the validator's classes, running their code for the
 * first time. The command line spends its first 0.15 s on one core building picocli's model; this
 * does that one-off work meanwhile on the other, with a small text of the same format and a small
 * grid, so that the real file is read by warm code. A failure here changes nothing: the real read
 * reports its own.
 */
public final class SettingsWarmUp {
    private SettingsWarmUp() {
    }

    /** Starts the warm-up for the settings file among {@code args} (a daemon thread; returns at once). */
    public static void start(String... args) {
        Path file = settingsFile(args);
        if (file == null) {
            return;
        }
        Thread t = new Thread(() -> run(file), "cu-settings-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static Path settingsFile(String[] args) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                // no settings are read: the warm-up would only compete with the answer (80 ms later)
                return null;
            }
        }
        for (String a : args) {
            if (!a.startsWith("-") && a.indexOf('=') < 0) {
                try {
                    Path p = Path.of(a);
                    if (SettingsFileReader.supported(p)) {
                        return p;
                    }
                } catch (RuntimeException e) {
                    // not a path: the command line will say so
                }
            }
        }
        return null;
    }

    static void run(Path file) {
        try {
            SettingsFileReader.warmUp(file);
            warmTree();
        } catch (Exception | LinkageError | StackOverflowError e) {
            // the real read reports what is wrong
        }
    }

    /** Loads a small grid search exactly as a file's, validation included (nothing is written). */
    static LoadedSettings warmTree() throws SettingsException {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("optimization_procedure_name", "warm_up");
        tree.put("results_dir", "/nonexistent/cu-warm-up");
        tree.put("script_relative_path", "job.py");
        tree.put("restarts", 1);
        tree.put("environment_setup", Map.of());
        tree.put("cluster_requirements", Map.of("request_cpus", 1));
        tree.put("fixed_params", Map.of("a", 1.5));
        tree.put("hyperparam_list", List.of(Map.of("param", "x", "values", List.of(1, 2))));
        return SettingsLoader.loadWithWarnings(RunType.GRID_SEARCH, tree, null, List.of("fixed_params.b=2"),
                SettingsEnvironment.system());
    }
}
