package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.assertHasProblem;
import static dev.clusterutils.settings.SettingsTestSupport.assertProblemContaining;
import static dev.clusterutils.settings.SettingsTestSupport.grid;
import static dev.clusterutils.settings.SettingsTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clusterutils.space.GridEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code __import__}, star keys and the import promise of fixed_params. */
class SettingsImportTest {
    @TempDir
    Path dir;

    private RunSettings load(String name, String content, String... overrides) throws SettingsException {
        return SettingsTestSupport.load(RunType.GRID_SEARCH, dir, name, content, overrides).settings();
    }

    private List<String> problems(String name, String content) {
        return SettingsTestSupport.problems(RunType.GRID_SEARCH, dir, name, content);
    }

    @Test
    void importedKeysFillInWithoutOverwritingAndDictsMergeDeeply() throws SettingsException {
        write(dir, "base.json", grid("\"remove_jobs_dir\": false").replace("\"request_cpus\": 1", "\"request_cpus\": 1, \"memory_in_mb\": 500"));
        RunSettings s = load("main.json", """
                {"__import__": "base.json", "optimization_procedure_name": "mine",
                 "cluster_requirements": {"request_cpus": 4},
                 "hyperparam_list": [{"param": "y", "values": [5]}]}
                """);
        assertEquals("mine", s.name());
        assertEquals(false, s.removeJobsDir());
        assertEquals(Map.of("request_cpus", 4L, "memory_in_mb", 500L), s.cluster().values());
        // Lists are not merged: the local one wins.
        assertEquals(List.of(new GridEntry(List.of("y"), List.of(5L))), s.grid().hyperparamList());
        assertEquals("optimization_procedure_name", new ArrayList<>(s.resolved().keySet()).get(0));
    }

    @Test
    void ofAListOfFilesTheLaterWinsAndTheImporterWinsOverAll() throws SettingsException {
        write(dir, "one.json", "{\"script_relative_path\": \"one.py\", \"results_dir\": \"one\", \"restarts\": 1}");
        write(dir, "two.yaml", "script_relative_path: two.py\nresults_dir: two\n");
        String main = grid("").replace("  \"results_dir\": \"results\",\n", "").replace("  \"script_relative_path\": \"main.py\",\n", "")
                .replace("  \"restarts\": 1,\n", "").replace("{\n", "{\n  \"__import__\": [\"one.json\", \"two.yaml\"], \"restarts\": 3,\n");
        RunSettings s = load("main.json", main);
        assertEquals("two.py", s.scriptRelativePath());
        assertEquals(Path.of("/home/alice/two/run"), s.resultsDir());
        assertEquals(3, s.grid().restarts());
    }

    @Test
    void importsAreRecursiveNestedAndRelativeToTheWorkingDirectory() throws SettingsException {
        write(dir, "conf/cluster.toml", "__import__ = \"conf/defaults.toml\"\nrequest_cpus = 2\n");
        write(dir, "conf/defaults.toml", "request_cpus = 1\nmemory_in_mb = 2000\n");
        RunSettings s = load("conf/main.json",
                grid("").replace("\"cluster_requirements\": {\"request_cpus\": 1}", "\"cluster_requirements\": {\"__import__\": \"conf/cluster.toml\"}"));
        assertEquals(Map.of("request_cpus", 2L, "memory_in_mb", 2000L), s.cluster().values());
    }

    @Test
    void starKeysPrependImportedLists() throws SettingsException {
        write(dir, "base.json", grid("").replace("\"param\": \"x\"", "\"param\": \"a\""));
        RunSettings s = load("main.json", "{\"__import__\": \"base.json\", \"hyperparam_list*\": [{\"param\": \"b\", \"values\": [3]}]}");
        assertEquals(List.of(List.of("a"), List.of("b")), s.grid().hyperparamList().stream().map(GridEntry::names).toList());
    }

    @Test
    void topLevelStarKeysReplaceThePlainKeyOnlyForSequences() throws SettingsException {
        RunSettings s = load("main.json", grid("\"hyperparam_list*\": [{\"param\": \"z\", \"values\": [0]}]"));
        assertEquals(List.of("z"), s.grid().hyperparamList().get(0).names());
        List<String> problems = problems("star.json", grid("\"restarts*\": 3"));
        assertHasProblem(problems, "restarts*: unknown key 'restarts*'; did you mean 'restarts'?");
    }

    @Test
    void cyclicImportsAreReported() {
        write(dir, "a.json", "{\"__import__\": \"b.json\"}");
        write(dir, "b.json", "{\"__import__\": \"./sub/../a.json\"}");
        List<String> problems = problems("a.json", "{\"__import__\": \"b.json\"}");
        assertHasProblem(problems, dir.resolve("b.json") + ": __import__: cyclic import: " + dir.resolve("a.json") + " -> "
                + dir.resolve("b.json") + " -> " + dir.resolve("a.json"));
    }

    @Test
    void missingOrUnsupportedImportsAreReported() {
        assertHasProblem(problems("m.json", "{\"__import__\": \"gone.json\"}"),
                dir.resolve("m.json") + ": __import__: cannot import gone.json: no such settings file (" + dir.resolve("gone.json") + ")");
        write(dir, "x.ini", "a=1");
        assertHasProblem(problems("m.json", "{\"cluster_requirements\": {\"__import__\": [\"x.ini\"]}}"),
                dir.resolve("m.json") + ": cluster_requirements.__import__: cannot import x.ini: not a supported settings file"
                        + " (use .json, .yaml, .yml or .toml)");
        assertHasProblem(problems("m.json", "{\"__import__\": 5}"),
                dir.resolve("m.json") + ": __import__: expected a path or a list of paths, got int 5");
    }

    @Test
    void syntaxErrorsInImportedFilesNameThatFile() {
        write(dir, "broken.yaml", "a: [1\n");
        assertProblemContaining(problems("m.json", "{\"__import__\": \"broken.yaml\"}"), dir.resolve("broken.yaml") + ": line 2, column 1: ");
    }

    @Test
    void fixedParamsCannotImportButMayPromiseAnImportToTheJob() throws SettingsException {
        List<String> problems = problems("m.json", grid("").replace("\"fixed_params\": {}", "\"fixed_params\": {\"__import__\": \"p.json\"}"));
        assertEquals(List.of("fixed_params.__import__: Cannot import inside fixed params. Did you mean __import_promise__?"
                + " (it is imported by each job)"), problems);
        RunSettings s = load("m.json", grid("").replace("\"fixed_params\": {}",
                "\"fixed_params\": {\"a\": 1, \"__import_promise__\": \"params.json\", \"b\": 2}"));
        assertEquals(List.of("a", "__import__", "b"), new ArrayList<>(s.fixedParams().keySet()));
        assertEquals("params.json", s.fixedParams().get("__import__"));
        assertEquals("params.json", ((Map<?, ?>) s.resolved().get("fixed_params")).get("__import__"));
    }
}
