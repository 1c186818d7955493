package dev.clusterutils.settings;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Fixed environment, temp files and assertions shared by the settings tests. */
final class SettingsTestSupport {
    static final Path HOME = Path.of("/home/alice");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-19T14:03:12Z"), ZoneOffset.UTC);
    static final Path ORIGINAL_CONFIGS = Path.of("src/test/resources/reference/original-configs").toAbsolutePath().normalize();

    private SettingsTestSupport() {
    }

    static SettingsEnvironment env(Path cwd) {
        return new SettingsEnvironment(Map.of("USER", "alice", "HOME", "/home/alice", "GREETING", "hi"), HOME, cwd, CLOCK);
    }

    static Path write(Path dir, String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal valid grid-search file in JSON, with {@code extra} JSON members spliced in at the top level. */
    static String grid(String extra) {
        return """
                {
                  "optimization_procedure_name": "run",
                  "results_dir": "results",
                  "script_relative_path": "main.py",
                  "environment_setup": {},
                  "cluster_requirements": {"request_cpus": 1},
                  "fixed_params": {},
                  "restarts": 1,
                  "hyperparam_list": [{"param": "x", "values": [1, 2]}]%s
                }
                """.formatted(extra.isEmpty() ? "" : ",\n  " + extra);
    }

    /** A minimal valid hp_optimization file in JSON, with {@code extra} JSON members spliced in. */
    static String hpo(String extra) {
        return """
                {
                  "optimization_procedure_name": "run",
                  "results_dir": "results",
                  "script_relative_path": "main.py",
                  "environment_setup": {},
                  "cluster_requirements": {"request_cpus": 1},
                  "fixed_params": {},
                  "num_best_jobs_whose_data_is_kept": 0,
                  "optimizer_str": "cem_metaoptimizer",
                  "optimizer_settings": {"num_jobs_in_elite": 10, "with_restarts": true},
                  "optimization_setting": {"metric_to_optimize": "loss", "minimize": true,
                                           "number_of_samples": 10, "n_jobs_per_iteration": 2},
                  "optimized_params": [{"param": "lr", "distribution": "TruncatedLogNormal", "bounds": [1e-5, 1.0]}]%s
                }
                """.formatted(extra.isEmpty() ? "" : ",\n  " + extra);
    }

    static LoadedSettings load(RunType type, Path dir, String fileName, String content, String... overrides)
            throws SettingsException {
        Path file = write(dir, fileName, content);
        return SettingsLoader.loadWithWarnings(type, file, List.of(overrides), env(dir));
    }

    /** Loads and expects failure; returns the problems as the user reads them, one per line. */
    static List<String> problems(RunType type, Path dir, String fileName, String content, String... overrides) {
        SettingsException e = assertThrows(SettingsException.class, () -> load(type, dir, fileName, content, overrides));
        return e.problems().stream().map(SettingsProblem::toString).collect(Collectors.toList());
    }

    static void assertHasProblem(List<String> problems, String expected) {
        if (problems.stream().noneMatch(p -> p.equals(expected))) {
            fail("expected problem <" + expected + "> among:\n  " + String.join("\n  ", problems));
        }
    }

    static void assertProblemContaining(List<String> problems, String... fragments) {
        for (String p : problems) {
            if (List.of(fragments).stream().allMatch(p::contains)) {
                return;
            }
        }
        fail("expected a problem containing " + List.of(fragments) + " among:\n  " + String.join("\n  ", problems));
    }
}
