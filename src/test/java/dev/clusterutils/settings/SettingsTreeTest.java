package dev.clusterutils.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings given as a tree in memory (a host's map) load exactly as the same file does. */
class SettingsTreeTest {
    @TempDir
    Path tmp;

    private SettingsEnvironment env() {
        return new SettingsEnvironment(Map.of(), tmp, tmp, Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    private static Map<String, Object> grid() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("optimization_procedure_name", "tree");
        t.put("results_dir", "res");
        t.put("script_relative_path", "job.py");
        t.put("run_in_working_dir", true);
        t.put("restarts", 2);                         // an Integer, as a host writes it
        t.put("environment_setup", Map.of());
        t.put("cluster_requirements", Map.of("request_cpus", (short) 1, "memory_in_mb", 1000L));
        t.put("fixed_params", Map.of("lr", 0.5f, "scale", new BigDecimal("2.5"), "tag", 'x'));
        t.put("hyperparam_list", List.of(Map.of("param", "x", "values", new Integer[]{1, 2, 3})));
        return t;
    }

    @Test
    void aMapLoadsLikeTheSameFile() throws Exception {
        RunSettings fromMap = SettingsLoader.load(RunType.GRID_SEARCH, grid(), Path.of("host.json"), List.of("fixed_params.lr=0.1"), env());
        Path file = tmp.resolve("tree.json");
        Files.writeString(file, "{\"optimization_procedure_name\": \"tree\", \"results_dir\": \"res\", \"script_relative_path\": \"job.py\","
                + " \"run_in_working_dir\": true, \"restarts\": 2, \"environment_setup\": {},"
                + " \"cluster_requirements\": {\"request_cpus\": 1, \"memory_in_mb\": 1000},"
                + " \"fixed_params\": {\"lr\": 0.5, \"scale\": 2.5, \"tag\": \"x\"},"
                + " \"hyperparam_list\": [{\"param\": \"x\", \"values\": [1, 2, 3]}]}");
        RunSettings fromFile = SettingsLoader.load(RunType.GRID_SEARCH, file, List.of("fixed_params.lr=0.1"), env());
        assertEquals(fromFile.resolved(), fromMap.resolved());
        assertEquals(fromFile.fixedParams(), fromMap.fixedParams());
        assertEquals(tmp.resolve("res/tree"), fromMap.resultsDir());
        assertEquals(tmp.resolve("host.json"), fromMap.settingsFile());
        assertEquals(2, fromMap.grid().restarts());
    }

    @Test
    void aMapWithoutOriginRecordsNoSettingsFileAndIsNotChanged() throws Exception {
        Map<String, Object> tree = grid();
        Map<String, Object> before = new LinkedHashMap<>(tree);
        RunSettings s = SettingsLoader.load(RunType.GRID_SEARCH, tree, null, List.of("restarts=5"), env());
        assertNull(s.settingsFile());
        assertEquals(5, s.grid().restarts());
        assertEquals(before, tree);
    }

    @Test
    void valuesWithoutSettingsMeaningAreAllReported() {
        Map<String, Object> tree = grid();
        tree.put("fixed_params", Map.of("when", new Object(), "where", List.of(1, Path.of("/x"))));
        tree.put("environment_setup", Map.of(1, "one"));
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsLoader.load(RunType.GRID_SEARCH, tree, null, List.of(), env()));
        List<String> problems = e.problems().stream().map(SettingsProblem::toString).toList();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("fixed_params.when: a java.lang.Object")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("fixed_params.where[1]:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("environment_setup: dict keys must be strings")), problems.toString());
    }

    @Test
    void validationOfAMapIsAsStrictAsOfAFile() {
        Map<String, Object> tree = grid();
        tree.remove("restarts");
        tree.put("cluster_requirments", Map.of());
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsLoader.load(RunType.GRID_SEARCH, tree, null, List.of(), env()));
        assertEquals(2, e.problems().size(), e.problems().toString());
    }

    @Test
    void theKindOfRunIsToldByTheKeys() throws Exception {
        assertEquals(RunType.GRID_SEARCH, SettingsLoader.detectType(grid()));
        Map<String, Object> hpo = new LinkedHashMap<>(grid());
        hpo.remove("hyperparam_list");
        hpo.put("optimizer_str", "random");
        assertEquals(RunType.HP_OPTIMIZATION, SettingsLoader.detectType(hpo));
        assertEquals(RunType.HP_OPTIMIZATION, SettingsLoader.detectType(Map.of("optimized_params*", List.of())));
        Path base = Files.writeString(tmp.resolve("base.json"), "{\"optimization_setting\": {\"metric_to_optimize\": \"v\"}}");
        Path file = Files.writeString(tmp.resolve("child.json"), "{\"__import__\": \"" + base + "\", \"results_dir\": \"r\"}");
        assertEquals(RunType.HP_OPTIMIZATION, SettingsLoader.detectType(file, env()), "keys from imports count");
    }
}
