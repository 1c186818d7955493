package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.RunType;
import dev.clusterutils.settings.SettingsEnvironment;
import dev.clusterutils.settings.SettingsLoader;
import dev.clusterutils.settings.SettingsProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks made before anything is written: where the script, the results and the cache are. */
class RunValidationTest {
    @TempDir
    Path tmp;

    RunOptions options(Path cwd) {
        return new RunOptions(null, false, null, null, 5, null, Map.of("CLUSTER_UTILS_CACHE_DIR", tmp.resolve("cache").toString()),
                tmp, cwd);
    }

    RunSettings settings(String resultsDir, boolean runInWorkingDir) throws Exception {
        Path file = tmp.resolve("s.toml");
        Files.writeString(file, String.join("\n",
                "optimization_procedure_name = \"run\"",
                "results_dir = \"" + resultsDir + "\"",
                "run_in_working_dir = " + runInWorkingDir,
                "script_relative_path = \"code/main.py\"",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1]", ""));
        return SettingsLoader.load(RunType.GRID_SEARCH, file, List.of(), new SettingsEnvironment(Map.of(), tmp, tmp, Clock.systemUTC()));
    }

    List<String> problems(RunSettings s, Path cwd) {
        return RunValidation.preflight(s, options(cwd)).stream().map(SettingsProblem::toString).toList();
    }

    @Test
    void aMissingScriptNamesThePathAndItsBase() throws Exception {
        RunSettings s = settings(tmp.resolve("res").toString(), true);
        assertEquals(List.of("script_relative_path: " + tmp.resolve("code/main.py") + " does not exist (resolved against the current folder "
                + tmp + ", as run_in_working_dir is true)"), problems(s, tmp));
        Files.createDirectories(tmp.resolve("code/main.py"));
        assertTrue(problems(s, tmp).get(0).contains("main.py is not a file"), problems(s, tmp).toString());
        Files.delete(tmp.resolve("code/main.py"));
        Files.writeString(tmp.resolve("code/main.py"), "print(1)");
        assertEquals(List.of(), problems(s, tmp));
        // a clone is checked after the checkout, not here
        assertEquals(List.of(), problems(settings(tmp.resolve("res").toString(), false), tmp.resolve("elsewhere")));
    }

    @Test
    void resultsUnderAFileAreRefusedWithTheReasonAndNothingIsMade() throws Exception {
        Files.writeString(tmp.resolve("plain.txt"), "a file");
        RunSettings s = settings(tmp.resolve("plain.txt/deeper").toString(), false);
        assertEquals(List.of("results_dir: cannot write the results to " + tmp.resolve("plain.txt/deeper/run") + ": "
                + tmp.resolve("plain.txt") + " is a file, not a folder"), problems(s, tmp));
        assertTrue(Files.isRegularFile(tmp.resolve("plain.txt")));
    }

    @Test
    void aResultsDirThatIsADanglingLinkIsRefusedWithItsTarget() throws Exception {
        Path res = Files.createDirectories(tmp.resolve("res"));
        Files.createSymbolicLink(res.resolve("run"), tmp.resolve("gone"));
        assertEquals(List.of("results_dir: cannot write the results to " + res.resolve("run") + ": " + res.resolve("run")
                + " is a link to " + tmp.resolve("gone") + ", which does not exist"), problems(settings(res.toString(), false), tmp));
        assertTrue(Files.isSymbolicLink(res.resolve("run")), "left as it is");
    }

    @Test
    void aCacheUnderAFileNamesTheVariable() throws Exception {
        Files.writeString(tmp.resolve("cache"), "a file");
        List<String> p = problems(settings(tmp.resolve("res").toString(), false), tmp);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("CLUSTER_UTILS_CACHE_DIR"), p.get(0));
    }
}
