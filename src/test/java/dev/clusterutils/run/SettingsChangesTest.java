package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.results.JsonValues;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.RunType;
import dev.clusterutils.settings.SettingsEnvironment;
import dev.clusterutils.settings.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsChangesTest {
    @TempDir
    Path tmp;

    RunSettings load(String... overrides) throws Exception {
        Path file = tmp.resolve("s.toml");
        Files.writeString(file, String.join("\n",
                "optimization_procedure_name = \"run\"",
                "results_dir = \"res\"",
                "script_relative_path = \"main.py\"",
                "restarts = 2",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "lr = 0.1",
                "epochs = 10",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1, 2, 3]", ""));
        return SettingsLoader.load(RunType.GRID_SEARCH, file, List.of(overrides), new SettingsEnvironment(Map.of(), tmp, tmp, Clock.systemUTC()));
    }

    Path recorded(RunSettings s) throws Exception {
        Path file = tmp.resolve("settings_resolved.json");
        Files.writeString(file, JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(JsonValues.toJson(s.resolved())));
        return file;
    }

    @Test
    void theSameSettingsAreNoChangeAndNoRecordIsNoChange() throws Exception {
        assertTrue(SettingsChanges.since(recorded(load()), load()).isEmpty());
        assertTrue(SettingsChanges.since(tmp.resolve("missing.json"), load()).isEmpty());
        assertEquals(List.of(), SettingsChanges.since(recorded(load()), load()).describe());
    }

    @Test
    void fixedParamsAndRequirementsAreHonouredAndSaidSo() throws Exception {
        SettingsChanges c = SettingsChanges.since(recorded(load()), load("fixed_params.lr=0.01", "cluster_requirements.request_cpus=2",
                "fixed_params.momentum=0.9"));
        assertEquals(List.of("cluster_requirements.request_cpus: 1 -> 2", "fixed_params.lr: 0.1 -> 0.01",
                "fixed_params.momentum: (not set) -> 0.9"), c.changes().stream().map(Object::toString).toList());
        assertTrue(c.refused().isEmpty());
        assertTrue(c.describe().get(0).startsWith("Resuming with changed settings"), c.describe().toString());
    }

    @Test
    void theGridTheScriptAndRestartsAreRefusedWithTheWayForward() throws Exception {
        SettingsChanges c = SettingsChanges.since(recorded(load()), load("hyperparam_list=[{'param': 'x', 'values': [1, 2]}]",
                "script_relative_path='other.py'", "restarts=1", "fixed_params.lr=0.2"));
        assertEquals(List.of("hyperparam_list", "restarts", "script_relative_path"), c.refused().stream().map(SettingsChanges.Change::key).toList());
        List<String> text = c.describe();
        assertTrue(text.get(0).startsWith("Cannot resume"), text.toString());
        assertTrue(text.contains("  restarts: 2 -> 1"), text.toString());
        assertTrue(text.get(text.size() - 1).contains("--yes"), text.toString());
    }
}
