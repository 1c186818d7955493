package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.assertHasProblem;
import static dev.clusterutils.settings.SettingsTestSupport.assertProblemContaining;
import static dev.clusterutils.settings.SettingsTestSupport.grid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.space.GridEntry;
import dev.clusterutils.value.PyTuple;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line KEY=VALUE overrides (spec §1.2). */
class SettingsOverridesTest {
    @TempDir
    Path dir;

    private RunSettings load(String content, String... overrides) throws SettingsException {
        return SettingsTestSupport.load(RunType.GRID_SEARCH, dir, "s.json", content, overrides).settings();
    }

    private List<String> problems(String content, String... overrides) {
        return SettingsTestSupport.problems(RunType.GRID_SEARCH, dir, "s.json", content, overrides);
    }

    @Test
    void theIntegrationTestsOverrides() throws SettingsException {
        RunSettings s = load(grid(""), "no_user_interaction=True", "results_dir=\"/tmp/x\"",
                "environment_setup.virtual_env_path='/venv'");
        assertTrue(s.noUserInteraction());
        assertEquals(Path.of("/tmp/x/run"), s.resultsDir());
        assertEquals("/venv", s.environment().virtualEnvPath());
    }

    @Test
    void spacesEqualSignsInValuesAndNewLastSegments() throws SettingsException {
        RunSettings s = load(grid(""), " restarts = 3 ", "optimization_procedure_name='string with = sign'",
                "cluster_requirements.partition=\"gpu\"", "hyperparam_list=[{'param': 'q', 'values': [1, (2, 3), [4]]}]");
        assertEquals(3, s.grid().restarts());
        assertEquals("string with = sign", s.name());
        assertEquals("gpu", s.cluster().string("partition"));
        assertEquals(new GridEntry(List.of("q"), List.of(1L, PyTuple.of(2L, 3L), PyTuple.of(4L))), s.grid().hyperparamList().get(0));
    }

    @Test
    void malformedArgumentsAreAllReportedTogether() {
        List<String> problems = problems(grid(""), "", "foo=", "=42", "foo: 42", "foo=bad_string", "fixed_params={1: 2}");
        assertEquals(6, problems.size(), String.join("\n", problems));
        assertHasProblem(problems, "Invalid format for  (expected KEY=VALUE)");
        assertHasProblem(problems, "Invalid format for foo= (expected KEY=VALUE)");
        assertHasProblem(problems, "Invalid format for =42 (expected KEY=VALUE)");
        assertHasProblem(problems, "Invalid format for foo: 42 (expected KEY=VALUE)");
        assertHasProblem(problems, "Failed to parse value 'bad_string' in 'foo=bad_string': malformed literal: name 'bad_string'"
                + " at column 1 (strings need quotes) (the value is a Python literal: quote strings, e.g. key='\"text\"')");
        assertProblemContaining(problems, "Failed to parse value '{1: 2}' in 'fixed_params={1: 2}': dict keys must be strings");
    }

    @Test
    void pathsMustLeadThroughExistingDicts() {
        assertHasProblem(problems(grid(""), "nope.x=1"), "Invalid settings path 'nope.x' in 'nope.x=1': 'nope' does not exist");
        assertHasProblem(problems(grid(""), "results_dir.x=1"),
                "Invalid settings path 'results_dir.x' in 'results_dir.x=1': 'results_dir' is str 'results', not a dict");
        assertHasProblem(problems(grid(""), "cluster_requirements.=1"), "Invalid settings path 'cluster_requirements.' in 'cluster_requirements.=1'");
    }

    @Test
    void overridesAreAppliedAfterDynamicValuesAndNeverEvaluated() throws SettingsException {
        String content = grid("\"base\": 10").replace("\"fixed_params\": {}", "\"fixed_params\": {\"doubled\": \"{base * 2}\"}");
        RunSettings s = load(content, "base=100", "fixed_params.raw='{1+1}'");
        assertEquals(20L, s.fixedParams().get("doubled"));
        assertEquals("{1+1}", s.fixedParams().get("raw"));
        assertEquals(100L, s.resolved().get("base"));
    }

    @Test
    void newTopLevelKeysAreValidatedLikeFileKeys() {
        assertProblemContaining(problems(grid(""), "bla=13"), "bla: unknown key 'bla'");
        assertHasProblem(problems(grid(""), "_id=1"), "_id: '_id' is a reserved param name");
        assertHasProblem(problems(grid(""), "restarts='3'"), "restarts: expected int, got str '3'");
    }
}
