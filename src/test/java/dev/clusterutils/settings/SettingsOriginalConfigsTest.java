package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.ORIGINAL_CONFIGS;
import static dev.clusterutils.settings.SettingsTestSupport.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.GridEntry;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyTuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every settings file of the original project loads, with the values the original gives it. */
class SettingsOriginalConfigsTest {
    static final List<String> GRID_FILES = List.of(
            "examples/basic/constrained_grid.json",
            "examples/basic/grid_search.json",
            "examples/basic/grid_search_main_w_decorator.json",
            "examples/basic/grid_search_with_tuples.json",
            "examples/checkpointing/grid_search_checkpointing.json",
            "examples/slurm_timeout_signal/grid_search.toml",
            "tests/grid_search.json",
            "tests/grid_search_main_w_decorator.json",
            "tests/grid_search_resume.json",
            "tests/grid_search_with_venv.toml",
            "tests/main_no_save_metrics.json");
    static final List<String> HPO_FILES = List.of(
            "examples/basic/optimization_metaopt.json",
            "examples/basic/optimization_metaopt.toml",
            "examples/basic/optimization_metaopt_module.json",
            "examples/basic/optimization_ng.json",
            "examples/basic/optimize_locally.json",
            "examples/rosenbrock/optimization.json",
            "tests/hp_opt.json",
            "tests/hp_opt_nevergrad.json",
            "tests/hp_opt_resume.toml");
    /** Not run settings: imported by the rosenbrock job itself, and the folder's README. */
    static final Set<String> NOT_SETTINGS = Set.of("examples/rosenbrock/params.json", "README.md");

    static Stream<String> gridFiles() {
        return GRID_FILES.stream();
    }

    static Stream<String> hpoFiles() {
        return HPO_FILES.stream();
    }

    /** As the original's tests do: the files under tests/ have no results_dir and get it on the command line. */
    static LoadedSettings load(RunType type, String relative) throws SettingsException {
        List<String> overrides = relative.startsWith("tests/") && !relative.contains("decorator")
                ? List.of("results_dir=\"/tmp/x\"") : List.of();
        return SettingsLoader.loadWithWarnings(type, Path.of(relative), overrides, env(ORIGINAL_CONFIGS));
    }

    @Test
    void everyFileOfTheFolderIsCovered() throws IOException {
        Set<String> all;
        try (Stream<Path> files = Files.walk(ORIGINAL_CONFIGS)) {
            all = files.filter(Files::isRegularFile)
                    .map(p -> ORIGINAL_CONFIGS.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = new TreeSet<>(GRID_FILES);
        covered.addAll(HPO_FILES);
        covered.addAll(NOT_SETTINGS);
        assertEquals(all, covered);
    }

    @ParameterizedTest
    @MethodSource("gridFiles")
    void gridFilesLoad(String file) throws SettingsException {
        RunSettings s = load(RunType.GRID_SEARCH, file).settings();
        assertEquals(RunType.GRID_SEARCH, s.type());
        assertNotNull(s.grid());
        assertNull(s.hpo());
        assertFalse(s.grid().hyperparamList().isEmpty());
        assertTrue(s.resultsDir().isAbsolute());
        assertEquals(s.name(), s.resultsDir().getFileName().toString());
    }

    @ParameterizedTest
    @MethodSource("hpoFiles")
    void hpoFilesLoad(String file) throws SettingsException {
        RunSettings s = load(RunType.HP_OPTIMIZATION, file).settings();
        assertEquals(RunType.HP_OPTIMIZATION, s.type());
        assertNotNull(s.hpo());
        assertNull(s.grid());
        assertFalse(s.hpo().optimizedParams().isEmpty());
    }

    @Test
    void constrainedGridKeepsJobSideExpressionsAndResolvesServerSideOnes() throws SettingsException {
        RunSettings s = load(RunType.GRID_SEARCH, "examples/basic/constrained_grid.json").settings();
        assertEquals(Path.of("/is/cluster/work/alice/tmp/constrained_grid"), s.resultsDir());
        @SuppressWarnings("unchecked")
        Map<String, Object> fnArgs = (Map<String, Object>) s.fixedParams().get("fn_args");
        assertEquals(List.of("v", "sharp_penalty", "x"), new ArrayList<>(fnArgs.keySet()));
        assertEquals(20L, fnArgs.get("v"));
        assertEquals("{fn_args.u < 0.2}", fnArgs.get("sharp_penalty"));
        assertEquals("{fn_args.y/3}", fnArgs.get("x"));
        assertEquals(false, s.fixedParams().get("test_resume"));
        List<GridEntry> grid = s.grid().hyperparamList();
        assertEquals(new GridEntry(List.of("fn_args.w"), List.of(1L, 2L, 3L)), grid.get(1));
        assertEquals(List.of(-0.5, 0.0, 0.5), grid.get(0).values());
        assertTrue(s.grid().loadExistingResults());
        assertNull(s.grid().samples());
        assertEquals(ReportMode.WHEN_FINISHED, s.generateReport());
        assertFalse(s.removeJobsDir());
        assertFalse(s.removeWorkingDirs());
        assertEquals("master", s.git().branch());
        assertNull(s.git().commit());
        assertEquals(12, s.cluster().strings("hostname_list").size());
        assertEquals(800, s.cluster().integer("bid"));
    }

    @Test
    void tuplesExampleKeepsTupleValuesAndZippedEntries() throws SettingsException {
        RunSettings s = load(RunType.GRID_SEARCH, "examples/basic/grid_search_with_tuples.json").settings();
        List<GridEntry> grid = s.grid().hyperparamList();
        assertEquals(List.of(PyTuple.of(-0.5, 10L), PyTuple.of(0L, 20L)), grid.get(0).values());
        assertEquals(List.of("fn_args.x", "fn_args.y"), grid.get(2).names());
        assertTrue(grid.get(2).zipped());
        assertEquals(PyTuple.of(3.5, 1.0), grid.get(2).values().get(1));
        @SuppressWarnings("unchecked")
        Map<String, Object> fnArgs = (Map<String, Object>) s.fixedParams().get("fn_args");
        assertEquals("{pairs[0]}", fnArgs.get("u"));
        assertEquals("{pairs[1]}", fnArgs.get("v"));
    }

    @Test
    void decoratorExampleImportsRelativeToTheWorkingDirectory() throws SettingsException {
        RunSettings s = load(RunType.GRID_SEARCH, "examples/basic/grid_search_main_w_decorator.json").settings();
        assertEquals("decorator_test", s.name());
        assertEquals("examples/basic/main_with_decorator.py", s.scriptRelativePath());
        assertEquals(Path.of("/is/cluster/work/alice/tmp/decorator_test"), s.resultsDir());
        assertEquals(6, s.grid().hyperparamList().size());
        assertEquals(50, s.grid().samples());
        assertEquals(Map.of("ENVIRONMENT_VARIABLE_TO_SET", "value"), s.environment().variables());
        assertEquals("examples/basic/pre_job_script.sh", s.environment().preJobScript());
    }

    @Test
    void testsFilesGetResultsDirFromTheCommandLine() throws SettingsException {
        RunSettings s = load(RunType.GRID_SEARCH, "tests/grid_search_with_venv.toml").settings();
        assertEquals(Path.of("/tmp/x/test_grid_search"), s.resultsDir());
        assertEquals("PLACEHOLDER", s.environment().virtualEnvPath());
        assertEquals(Map.of("TEST_VARIABLE", "test_value"), s.environment().variables());
        assertTrue(s.runInWorkingDir());
        assertEquals(ReportMode.NEVER, s.generateReport());
    }

    @Test
    void rosenbrockRenamesTheImportPromiseAndReadsEarlyKilling() throws SettingsException {
        RunSettings s = load(RunType.HP_OPTIMIZATION, "examples/rosenbrock/optimization.json").settings();
        assertEquals(Map.of("__import__", "examples/rosenbrock/params.json"), s.fixedParams());
        assertTrue(s.hpo().killBadJobsEarly());
        assertEquals(new EarlyKillingParams.Rank(10, 3.0), s.hpo().earlyKilling());
        ParamSpec optimizer = s.hpo().optimizedParams().get(0);
        assertEquals(Distribution.Discrete, optimizer.distribution());
        assertEquals(List.of("Adam", "SGD", "Adagrad", "RMSprop"), optimizer.options());
        ParamSpec lr = s.hpo().optimizedParams().get(1);
        assertEquals(1e-5, lr.lower());
        assertEquals(1.0, lr.upperRaw());
    }

    @Test
    void metaoptModuleExampleTurnsListOptionsIntoTuples() throws SettingsException {
        RunSettings s = load(RunType.HP_OPTIMIZATION, "examples/basic/optimization_metaopt_module.json").settings();
        ParamSpec tuples = s.hpo().optimizedParams().get(6);
        assertEquals(List.of(PyTuple.of(1L, 2L), PyTuple.of(2L, 3L, 4L)), tuples.options());
        assertTrue(s.environment().runAsModule());
        assertEquals(new OptimizationSetting("result", true, 1000, 100, 1, null), s.hpo().optimization());
        assertEquals(Map.of("with_restarts", false, "num_jobs_in_elite", 10L), s.hpo().optimizerSettings());
    }

    @Test
    void hpoJsonAndTomlOfTheSameExampleAgreeOnTheSearchSpace() throws SettingsException {
        RunSettings json = load(RunType.HP_OPTIMIZATION, "examples/basic/optimization_metaopt.json").settings();
        RunSettings toml = load(RunType.HP_OPTIMIZATION, "examples/basic/optimization_metaopt.toml").settings();
        // The TOML file writes [-3, 3] and [0, 4] as ints, so only the doubles can agree.
        for (int i = 0; i < 6; i++) {
            ParamSpec a = json.hpo().optimizedParams().get(i);
            ParamSpec b = toml.hpo().optimizedParams().get(i);
            assertEquals(a.param(), b.param());
            assertEquals(a.distribution(), b.distribution());
            assertEquals(a.lower(), b.lower(), 0.0);
            assertEquals(a.upper(), b.upper(), 0.0);
            assertEquals(a.options(), b.options());
        }
        assertEquals(3L, toml.hpo().optimizedParams().get(0).upperRaw());
        assertEquals(json.hpo().optimization(), toml.hpo().optimization());
        assertEquals(json.cluster().integer("memory_in_mb"), toml.cluster().integer("memory_in_mb"));
        assertEquals(ReportMode.NEVER, toml.generateReport());
        assertEquals(ReportMode.EVERY_ITERATION, json.generateReport());
    }

    @Test
    void slurmExampleReadsSlurmKeys() throws SettingsException {
        RunSettings s = load(RunType.GRID_SEARCH, "examples/slurm_timeout_signal/grid_search.toml").settings();
        assertEquals("cpu-galvani", s.cluster().string("partition"));
        assertEquals("00:04:00", s.cluster().string("request_time"));
        assertEquals(30, s.cluster().integer("signal_seconds_to_timeout"));
        assertEquals(Map.of(), s.fixedParams());
        assertEquals(EnvironmentSetup.defaults(), s.environment());
    }

    @Test
    void sameGridInJsonYamlAndTomlGivesEqualSettings(@TempDir Path dir) throws SettingsException {
        String json = """
                {"optimization_procedure_name": "same", "results_dir": "res", "script_relative_path": "main.py",
                 "git_params": {"branch": "main", "commit": null},
                 "environment_setup": {"variables": {"A": "1"}}, "cluster_requirements": {"request_cpus": 2, "memory_in_mb": 1000},
                 "fixed_params": {"fn_args.v": 20, "fn_args.x": "{fn_args.y/3}", "flag": true},
                 "restarts": 2, "samples": null,
                 "hyperparam_list": [{"param": "fn_args.w", "values": "{list(range(1,4))}"},
                                     {"param": ["a", "b"], "values": [[1, 0.5], [2, 1.5]]},
                                     {"param": "fn_args.y", "values": [0.1, 1.0]}]}
                """;
        String yaml = """
                optimization_procedure_name: same
                results_dir: res
                script_relative_path: main.py
                git_params:
                  branch: main
                  commit: null
                environment_setup:
                  variables:
                    A: "1"
                cluster_requirements:
                  request_cpus: 2
                  memory_in_mb: 1000
                fixed_params:
                  fn_args.v: 20
                  fn_args.x: "{fn_args.y/3}"
                  flag: true
                restarts: 2
                samples: ~
                hyperparam_list:
                  - param: fn_args.w
                    values: "{list(range(1,4))}"
                  - param: [a, b]
                    values: [[1, 0.5], [2, 1.5]]
                  - param: fn_args.y
                    values: [0.1, 1.0]
                """;
        String toml = """
                optimization_procedure_name = "same"
                results_dir = "res"
                script_relative_path = "main.py"
                restarts = 2

                [git_params]
                branch = "main"

                [environment_setup.variables]
                A = "1"

                [cluster_requirements]
                request_cpus = 2
                memory_in_mb = 1000

                [fixed_params]
                "fn_args.v" = 20
                "fn_args.x" = "{fn_args.y/3}"
                flag = true

                [[hyperparam_list]]
                param = "fn_args.w"
                values = "{list(range(1,4))}"

                [[hyperparam_list]]
                param = ["a", "b"]
                values = [[1, 0.5], [2, 1.5]]

                [[hyperparam_list]]
                param = "fn_args.y"
                values = [0.1, 1.0]
                """;
        RunSettings a = SettingsTestSupport.load(RunType.GRID_SEARCH, dir, "same.json", json).settings();
        RunSettings b = SettingsTestSupport.load(RunType.GRID_SEARCH, dir, "same.yaml", yaml).settings();
        RunSettings c = SettingsTestSupport.load(RunType.GRID_SEARCH, dir, "same.toml", toml).settings();
        assertEquals(withoutFileAndTree(a), withoutFileAndTree(b));
        assertEquals(withoutFileAndTree(a), withoutFileAndTree(c));
        assertEquals(List.of(1L, 2L, 3L), a.grid().hyperparamList().get(0).values());
        assertEquals(Path.of("/home/alice/res/same"), a.resultsDir());
    }

    /** TOML cannot write null, so the raw trees differ in {@code commit}/{@code samples}; the typed view must not. */
    private static RunSettings withoutFileAndTree(RunSettings s) {
        return new RunSettings(s.type(), null, Map.of(), s.name(), s.resultsDir(), s.scriptRelativePath(), s.runInWorkingDir(),
                s.git(), s.environment(), s.cluster(), s.fixedParams(), s.singularity(), s.removeJobsDir(),
                s.removeWorkingDirs(), s.generateReport(), s.noUserInteraction(), s.grid(), s.hpo());
    }
}
