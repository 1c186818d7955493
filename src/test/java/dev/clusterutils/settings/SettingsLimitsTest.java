package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.assertHasProblem;
import static dev.clusterutils.settings.SettingsTestSupport.assertProblemContaining;
import static dev.clusterutils.settings.SettingsTestSupport.grid;
import static dev.clusterutils.settings.SettingsTestSupport.load;
import static dev.clusterutils.settings.SettingsTestSupport.problems;
import static dev.clusterutils.settings.SettingsTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile settings (defect 3 of issue 16): each one is a settings error, found before anything is
 * written, instead of a stack overflow, an exhausted heap, exponential time or a late overflow.
 */
class SettingsLimitsTest {
    @TempDir
    Path dir;

    private String readProblem(String name, String content) {
        Path file = write(dir, name, content);
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsFileReader.read(file));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0).toString().replace(file.toString(), name);
    }

    @Test
    void aYamlAliasThatContainsItselfIsRefused() {
        assertEquals("s.yaml: dicts and lists are nested deeper than 100 levels (or a YAML alias refers to itself)",
                readProblem("s.yaml", "a: &a [*a]\n"));
        assertEquals("s.yaml: dicts and lists are nested deeper than 100 levels (or a YAML alias refers to itself)",
                readProblem("s.yaml", "a: &a {b: *a}\n"));
    }

    @Test
    void aYamlAliasBombIsRefusedAfterAMillionValues() {
        StringBuilder yaml = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [");
            for (int k = 0; k < 10; k++) {
                yaml.append(k == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            yaml.append("]\n");
        }
        assertEquals("s.yaml: holds more than 1,000,000 values (YAML aliases or imports expanded too far?)",
                readProblem("s.yaml", yaml.toString()));
    }

    @Test
    void deepNestingIsRefusedInEveryFormat() {
        int n = 20_000;
        assertEquals("s.toml: dicts and lists are nested deeper than 100 levels",
                readProblem("s.toml", "a = " + "[".repeat(n) + "]".repeat(n) + "\n"));
        assertProblemContaining(List.of(readProblem("s.json", "{\"a\": " + "[".repeat(n) + "]".repeat(n) + "}")),
                "s.json: dicts and lists are nested deeper than 100 levels");
        assertProblemContaining(List.of(readProblem("s.yaml", "a: " + "[".repeat(n) + "]".repeat(n) + "\n")),
                "s.yaml", "Nesting Depth exceeded max 100");
        // 100 levels are fine everywhere
        String ok = "[".repeat(99) + "]".repeat(99);
        for (String f : List.of("ok.toml", "ok.json", "ok.yaml")) {
            Path file = write(dir, f, f.endsWith(".json") ? "{\"a\": " + ok + "}" : f.endsWith(".toml") ? "a = " + ok : "a: " + ok);
            assertThrows(AssertionError.class, () -> assertThrows(SettingsException.class, () -> SettingsFileReader.read(file)), f);
        }
    }

    @Test
    void aFileAbove16MiBIsNotRead() throws Exception {
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[(int) SettingsLimits.MAX_FILE_BYTES + 1]);
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsFileReader.read(big));
        assertEquals(big + ": is larger than 16 MiB; a settings file never needs to be", e.problems().get(0).toString());
    }

    @Test
    void anOverrideNested60000DeepIsAProblem() {
        int n = 60_000;
        List<String> problems = problems(RunType.GRID_SEARCH, dir, "s.json", grid(""), "fixed_params.x=" + "[".repeat(n) + "]".repeat(n));
        assertEquals(1, problems.size(), problems.toString());
        assertProblemContaining(problems, "Failed to parse value", "nested deeper than 100 levels at column 101");
    }

    @Test
    @Timeout(120) // a guard against the exponential case only; the linear one takes well under a second
    void a40LevelImportDiamondIsReadOncePerFile() throws Exception {
        // level i imports level i+1 twice, through two files: 2^40 paths, 81 files
        for (int i = 0; i < 40; i++) {
            String next = "[\"l" + (i + 1) + "a.json\", \"l" + (i + 1) + "b.json\"]";
            write(dir, "l" + i + "a.json", "{\"__import__\": " + next + ", \"a" + i + "\": 1}");
            write(dir, "l" + i + "b.json", "{\"__import__\": " + next + ", \"b" + i + "\": 1}");
        }
        write(dir, "l40a.json", "{\"cluster_requirements\": {\"request_cpus\": 1}}");
        write(dir, "l40b.json", "{\"cluster_requirements\": {\"request_cpus\": 1}}");
        Map<String, Object> raw = SettingsFileReader.read(write(dir, "top.json", "{\"__import__\": \"l0a.json\"}"));
        new ImportResolver(dir).resolve(raw, dir.resolve("top.json"));
        assertEquals(Map.of("request_cpus", 1L), raw.get("cluster_requirements"));
        assertEquals(1L, raw.get("a39"));
        assertEquals(1L, raw.get("b39"));
    }

    @Test
    @Timeout(120)
    void importsThatDoubleTheTreeAtEveryLevelAreRefused() {
        // every level imports the next one in two dicts: 2^30 copies of the last file
        for (int i = 0; i < 30; i++) {
            String next = "{\"__import__\": \"t" + (i + 1) + ".json\"}";
            write(dir, "t" + i + ".json", "{\"x\": " + next + ", \"y\": " + next + "}");
        }
        write(dir, "t30.json", "{\"v\": [1, 2]}");
        SettingsException e = assertThrows(SettingsException.class, () -> {
            Map<String, Object> raw = SettingsFileReader.read(write(dir, "top.json", "{\"__import__\": \"t0.json\"}"));
            new ImportResolver(dir).resolve(raw, dir.resolve("top.json"));
        });
        assertTrue(e.getMessage().contains("hold more than 1,000,000 values"), e.getMessage());
    }

    @Test
    void aHugeFormatWidthKeepsTheTemplateAsWritten() throws SettingsException {
        RunSettings s = load(RunType.GRID_SEARCH, dir, "s.json", grid("\"fixed_params\": {\"a\": \"{1:>2000000000}\", \"b\": \"{1.5:.2000000000f}\", "
                + "\"c\": \"{1:>5}\"}").replace("\"fixed_params\": {},", "")).settings();
        assertEquals("{1:>2000000000}", s.fixedParams().get("a"));
        assertEquals("{1.5:.2000000000f}", s.fixedParams().get("b"));
        assertEquals(1L, s.fixedParams().get("c"), "a width within the limit is formatted; the padded text is then a literal");
    }

    @Test
    void aDynamicValueNested60000DeepIsKeptAsWritten() throws SettingsException {
        String deep = "{" + "(".repeat(60_000) + "1" + ")".repeat(60_000) + "}";
        String unary = "{" + "-".repeat(60_000) + "1}";
        RunSettings s = load(RunType.GRID_SEARCH, dir, "s.json", grid("\"fixed_params\": {\"a\": \"" + deep + "\", \"b\": \"" + unary + "\"}")
                .replace("\"fixed_params\": {},", "")).settings();
        assertEquals(deep, s.fixedParams().get("a"));
        assertEquals(unary, s.fixedParams().get("b"));
    }

    @Test
    void aGridOf10To30PointsIsRefusedBeforeAnythingIsWritten() {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            entries.append(i == 0 ? "" : ", ").append("{\"param\": \"p").append(i).append("\", \"values\": [0,1,2,3,4,5,6,7,8,9]}");
        }
        String content = grid("").replace("[{\"param\": \"x\", \"values\": [1, 2]}]", "[" + entries + "]");
        assertHasProblem(problems(RunType.GRID_SEARCH, dir, "s.json", content), "hyperparam_list: the grid has "
                + "1000000000000000000000000000000 jobs (1000000000000000000000000000000 points x 1 restarts); at most 100,000,000"
                + " are supported: use samples, fewer values or fewer restarts");
        assertHasProblem(problems(RunType.GRID_SEARCH, dir, "s.json", grid("").replace("\"restarts\": 1", "\"restarts\": 1000000"),
                        "samples=1000"),
                "hyperparam_list: the grid has 1000000000 jobs (1000 samples x 1000000 restarts); at most 100,000,000 are supported:"
                        + " use samples, fewer values or fewer restarts");
    }

    @Test
    void aNulCharacterInAnyStringIsAProblem() {
        List<String> problems = problems(RunType.GRID_SEARCH, dir, "s.json", grid("").replace("\"results\"", "\"res\\u0000ults\""));
        assertEquals(List.of("results_dir: contains a NUL character (\\x00), which no path, argument or environment variable can hold"),
                problems);
        assertEquals(List.of("fixed_params.a[1]: contains a NUL character (\\x00), which no path, argument or environment variable"
                + " can hold"), problems(RunType.GRID_SEARCH, dir, "s.json", grid(""), "fixed_params.a=[1, 'x\\x00']"));
    }
}
