package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.assertHasProblem;
import static dev.clusterutils.settings.SettingsTestSupport.assertProblemContaining;
import static dev.clusterutils.settings.SettingsTestSupport.grid;
import static dev.clusterutils.settings.SettingsTestSupport.hpo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.GridEntry;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyTuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict validation into the typed records: every problem at once, with the key path and a fix. */
class SettingsValidationTest {
    @TempDir
    Path dir;

    LoadedSettings loadGrid(String content, String... overrides) throws SettingsException {
        return SettingsTestSupport.load(RunType.GRID_SEARCH, dir, "s.json", content, overrides);
    }

    LoadedSettings loadHpo(String content, String... overrides) throws SettingsException {
        return SettingsTestSupport.load(RunType.HP_OPTIMIZATION, dir, "s.json", content, overrides);
    }

    List<String> gridProblems(String content, String... overrides) {
        return SettingsTestSupport.problems(RunType.GRID_SEARCH, dir, "s.json", content, overrides);
    }

    List<String> hpoProblems(String content, String... overrides) {
        return SettingsTestSupport.problems(RunType.HP_OPTIMIZATION, dir, "s.json", content, overrides);
    }

    /** The minimal grid with {@code fixed_params} replaced. */
    static String gridWithFixed(String fixedJson) {
        return grid("").replace("\"fixed_params\": {}", "\"fixed_params\": " + fixedJson);
    }

    static String gridWithEntries(String entriesJson) {
        return grid("").replace("[{\"param\": \"x\", \"values\": [1, 2]}]", entriesJson);
    }

    static String hpoWithParams(String paramsJson) {
        return hpo("").replace("[{\"param\": \"lr\", \"distribution\": \"TruncatedLogNormal\", \"bounds\": [1e-5, 1.0]}]", paramsJson);
    }

    @Nested
    class Common {
        @Test
        void aFileForTheOtherCommandNamesThatCommand() {
            assertEquals(List.of("this is a grid_search settings file (it has hyperparam_list and no optimized_params or "
                    + "optimizer_str): run it with `cluster-utils grid_search`"), hpoProblems(grid("")));
            assertEquals(List.of("this is an hp_optimization settings file (it has optimized_params and no hyperparam_list): "
                    + "run it with `cluster-utils hp_optimization`"), gridProblems(hpo("")));
        }

        @Test
        void defaults() throws SettingsException {
            RunSettings g = loadGrid(grid("")).settings();
            assertFalse(g.runInWorkingDir());
            assertEquals(GitParams.defaults(), g.git());
            assertEquals(EnvironmentSetup.defaults(), g.environment());
            assertNull(g.singularity());
            assertTrue(g.removeJobsDir());
            assertFalse(g.removeWorkingDirs());
            assertEquals(ReportMode.NEVER, g.generateReport());
            assertFalse(g.noUserInteraction());
            assertEquals(new GridSearchSettings(List.of(new GridEntry(List.of("x"), List.of(1L, 2L))), 1, null, false, null, null), g.grid());
            assertNull(g.runLocal());
            RunSettings h = loadHpo(hpo("")).settings();
            assertTrue(h.removeWorkingDirs());
            assertFalse(h.hpo().killBadJobsEarly());
            assertNull(h.hpo().earlyKilling());
            assertEquals(1, h.hpo().optimization().nCompletedJobsBeforeResubmit());
        }

        @Test
        void everyMissingRequiredKeyIsReportedAtOnce() {
            List<String> grid = gridProblems("{}");
            assertEquals(List.of("optimization_procedure_name: missing required key", "results_dir: missing required key",
                    "script_relative_path: missing required key", "environment_setup: missing required key",
                    "cluster_requirements: missing required key", "fixed_params: missing required key",
                    "hyperparam_list: missing required key", "restarts: missing required key"), grid);
            List<String> hpo = hpoProblems("{}");
            assertHasProblem(hpo, "optimized_params: missing required key");
            assertHasProblem(hpo, "optimizer_str: missing required key");
            assertHasProblem(hpo, "optimizer_settings: missing required key");
            assertHasProblem(hpo, "optimization_setting: missing required key");
            assertHasProblem(hpo, "num_best_jobs_whose_data_is_kept: missing required key");
            assertFalse(hpo.contains("restarts: missing required key"));
        }

        @Test
        void unknownKeysNameThePathAndTheClosestValidKey() {
            String content = grid("").replace("\"cluster_requirements\"", "\"cluster_requirments\"")
                    .replace("\"request_cpus\": 1", "\"request_cpus\": 1");
            List<String> problems = gridProblems(content);
            assertHasProblem(problems, "cluster_requirments: unknown key 'cluster_requirments'; did you mean 'cluster_requirements'?");
            assertHasProblem(problems, "cluster_requirements: missing required key");
            assertHasProblem(gridProblems(grid("").replace("\"request_cpus\"", "\"request_cpu\"")),
                    "cluster_requirements.request_cpu: unknown key 'request_cpu'; did you mean 'request_cpus'?");
            assertHasProblem(gridProblems(grid("\"git_params\": {\"zzz\": 1}")),
                    "git_params.zzz: unknown key 'zzz'; valid keys are: url, branch, commit, depth, remove_local_copy");
            assertHasProblem(gridProblems(grid("\"Restarts\": 2")), "Restarts: unknown key 'Restarts'; did you mean 'restarts'?");
        }

        @Test
        void keysOfTheOtherRunTypeAreIgnored() throws SettingsException {
            RunSettings s = loadGrid(grid("\"optimizer_str\": \"anything\", \"optimization_setting\": 5")).settings();
            assertEquals("anything", s.resolved().get("optimizer_str"));
            RunSettings h = loadHpo(hpo("\"restarts\": \"x\", \"hyperparam_list\": 1")).settings();
            assertNull(h.grid());
        }

        @Test
        void wrongTypesSayWhatWasExpectedAndWhatCame() {
            List<String> problems = gridProblems(grid("\"run_in_working_dir\": \"yes\", \"remove_jobs_dir\": 1, \"git_params\": []")
                    .replace("\"restarts\": 1", "\"restarts\": \"3\"").replace("\"request_cpus\": 1", "\"request_cpus\": 1.5")
                    .replace("\"results_dir\": \"results\"", "\"results_dir\": null"));
            assertHasProblem(problems, "run_in_working_dir: expected bool, got str 'yes'");
            assertHasProblem(problems, "remove_jobs_dir: expected bool, got int 1");
            assertHasProblem(problems, "git_params: expected dict, got list []");
            assertHasProblem(problems, "restarts: expected int, got str '3'");
            assertHasProblem(problems, "cluster_requirements.request_cpus: expected int, got float 1.5");
            assertHasProblem(problems, "results_dir: expected str, got None");
            assertEquals(6, problems.size(), String.join("\n", problems));
        }

        @Test
        void resultsDirIsRelativeToHomeAsInTheOriginal() throws SettingsException {
            assertEquals(Path.of("/home/alice/results/run"), loadGrid(grid("")).settings().resultsDir());
            assertEquals(Path.of("/abs/run"), loadGrid(grid(""), "results_dir='/abs'").settings().resultsDir());
            assertEquals(Path.of("/home/alice/r/run"), loadGrid(grid(""), "results_dir='~/r'").settings().resultsDir());
            assertEquals(Path.of("/home/alice/alice/r/run"),
                    loadGrid(grid("").replace("\"results\"", "\"{$USER}/r\"")).settings().resultsDir());
            // An override is never evaluated.
            assertEquals(Path.of("/home/alice/{$USER}/run"), loadGrid(grid(""), "results_dir='{$USER}'").settings().resultsDir());
        }

        @Test
        void generateReportIsCaseInsensitive() throws SettingsException {
            assertEquals(ReportMode.WHEN_FINISHED, loadGrid(grid("\"generate_report\": \"When_Finished\"")).settings().generateReport());
            assertEquals(ReportMode.EVERY_ITERATION, loadHpo(hpo("\"generate_report\": \"EVERY_iteration\"")).settings().generateReport());
            assertHasProblem(gridProblems(grid("\"generate_report\": \"sometimes\"")),
                    "generate_report: Invalid value 'SOMETIMES' for setting generate_report. Valid options are"
                            + " ('NEVER', 'WHEN_FINISHED', 'EVERY_ITERATION').");
            assertHasProblem(gridProblems(grid("\"generate_report\": null")), "generate_report: expected str, got None");
        }

        @Test
        void gridSearchReportsEveryIterationAsWhenFinishedWithAWarning() throws SettingsException {
            LoadedSettings loaded = loadGrid(grid("\"generate_report\": \"every_iteration\""));
            assertEquals(ReportMode.WHEN_FINISHED, loaded.settings().generateReport());
            assertEquals(List.of("generate_report: grid_search does not support 'every_iteration'; the report is created"
                    + " when the run has finished"), loaded.warnings());
        }

        @Test
        void reservedTopLevelNames() {
            List<String> problems = gridProblems(grid("\"_iteration\": 1, \"job_restarts\": 2"));
            assertHasProblem(problems, "_iteration: '_iteration' is a reserved param name");
            assertHasProblem(problems, "job_restarts: 'job_restarts' is a reserved param name");
            assertEquals(2, problems.size());
        }

        @Test
        void theResolvedTreeIsReadOnlyAndKeepsOrder() throws SettingsException {
            RunSettings s = loadGrid(grid("")).settings();
            assertEquals("optimization_procedure_name", new ArrayList<>(s.resolved().keySet()).get(0));
            assertThrows(UnsupportedOperationException.class, () -> s.resolved().put("x", 1));
            assertThrows(UnsupportedOperationException.class, () -> s.fixedParams().put("x", 1));
        }
    }

    @Nested
    class Sections {
        @Test
        void environmentSetup() throws SettingsException {
            LoadedSettings loaded = loadGrid(grid("").replace("\"environment_setup\": {}", """
                    "environment_setup": {"virtual_env_path": "venv", "conda_env_path": "env", "pre_job_script": "pre.sh",
                      "is_python_script": false, "run_as_module": false, "custom_python_executable_path": "/usr/bin/python3.11",
                      "variables": {"A": true, "B": 1.5, "C": [1, "x"], "D": "text", "E": null}}"""));
            EnvironmentSetup e = loaded.settings().environment();
            assertEquals(new EnvironmentSetup("venv", "env", e.variables(), "pre.sh", false, false, "/usr/bin/python3.11"), e);
            assertEquals(List.of("A", "B", "C", "D", "E"), new ArrayList<>(e.variables().keySet()));
            assertEquals(List.of("True", "1.5", "[1, 'x']", "text", "None"), new ArrayList<>(e.variables().values()));
            assertEquals(List.of("environment_setup.custom_python_executable_path: a custom Python executable is not recommended;"
                    + " prefer virtual_env_path"), loaded.warnings());
        }

        @Test
        void environmentSetupProblems() {
            List<String> problems = gridProblems(grid("").replace("\"environment_setup\": {}",
                    "\"environment_setup\": {\"custom_pythonpaths\": [\"a\"], \"variables\": [1], \"virtualenv_path\": \"v\"}"));
            assertHasProblem(problems, "environment_setup.custom_pythonpaths: Setting custom pythonpath was deprecated."
                    + " Set \"virtual_env_path\" instead.");
            assertHasProblem(problems, "environment_setup.variables: expected dict, got list [1]");
            assertHasProblem(problems, "environment_setup.virtualenv_path: unknown key 'virtualenv_path'; did you mean 'virtual_env_path'?");
        }

        @Test
        void variableNamesMustBeShellNamesAndRequirementsHoldNoLineBreaks() {
            List<String> problems = gridProblems(grid("").replace("\"environment_setup\": {}",
                    "\"environment_setup\": {\"variables\": {\"A=1; touch /tmp/x; B\": 1, \"2X\": 1, \"\": 1, \"OK_1\": \"$(x); y\"}}")
                    .replace("\"cluster_requirements\": {\"request_cpus\": 1}",
                            "\"cluster_requirements\": {\"partition\": \"a\\nrm -rf ~\", \"extra_submission_options\": [\"--x\\n; id\"]}"));
            assertHasProblem(problems, "environment_setup.variables: 'A=1; touch /tmp/x; B' is not an environment variable name:"
                    + " use letters, digits and _, not starting with a digit");
            assertProblemContaining(problems, "'2X' is not an environment variable name");
            assertProblemContaining(problems, "'' is not an environment variable name");
            assertHasProblem(problems, "cluster_requirements.partition: must not contain a line break (it would start a new line"
                    + " in the job script)");
            assertProblemContaining(problems, "cluster_requirements.extra_submission_options[0]: must not contain a line break");
            assertEquals(5, problems.size(), problems.toString());
        }

        @Test
        void clusterRequirementsTypeCheckTheUnionOfAllBackendsAndRequireNothing() throws SettingsException {
            RunSettings s = loadGrid(grid("").replace("\"cluster_requirements\": {\"request_cpus\": 1}", """
                    "cluster_requirements": {"request_cpus": 2, "request_gpus": 1, "memory_in_mb": 1000, "max_cpus": 8,
                      "partition": "a,b", "request_time": "1:00:00", "signal_seconds_to_timeout": 30,
                      "forbidden_hostnames": ["g1"], "hostname_list": ["g2"], "bid": 800, "cuda_requirement": 7.5,
                      "gpu_memory_mb": 8000, "concurrency_limit": 10, "concurrency_limit_tag": "gpu",
                      "extra_submission_options": ["--begin=now"]}""")).settings();
            assertEquals(15, s.cluster().values().size());
            assertEquals("7.5", s.cluster().string("cuda_requirement"));
            assertEquals(Map.of(), loadGrid(grid("").replace("{\"request_cpus\": 1}", "{}")).settings().cluster().values());
            List<String> problems = gridProblems(grid("").replace("\"cluster_requirements\": {\"request_cpus\": 1}", """
                    "cluster_requirements": {"request_cpus": 0, "forbidden_hostnames": ["g1", 2], "cuda_requirement": [7],
                      "extra_submission_options": 5, "concurrency_limit": 10, "request_time": 1.5, "bid": "800"}"""));
            assertHasProblem(problems, "cluster_requirements.request_cpus: must be at least 1, got 0");
            assertHasProblem(problems, "cluster_requirements.forbidden_hostnames[1]: expected str, got int 2");
            assertHasProblem(problems, "cluster_requirements.cuda_requirement: expected str or number, got list [7]");
            assertHasProblem(problems, "cluster_requirements.extra_submission_options: expected list, dict or str, got int 5");
            assertHasProblem(problems, "cluster_requirements.concurrency_limit_tag: concurrency_limit and concurrency_limit_tag"
                    + " must be set together");
            assertHasProblem(problems, "cluster_requirements.request_time: expected str (Slurm time, e.g. \"1:00:00\"), got float 1.5");
            assertHasProblem(problems, "cluster_requirements.bid: expected int, got str '800'");
        }

        @Test
        void singularity() throws SettingsException {
            RunSettings s = loadGrid(grid("\"singularity\": {\"image\": \"~/img.sif\"}")).settings();
            assertEquals(new SingularitySettings("/home/alice/img.sif", "singularity", false, List.of()), s.singularity());
            s = loadGrid(grid("\"singularity\": {\"image\": \"/i.sif\", \"executable\": \"apptainer\", \"use_run\": true,"
                    + " \"args\": [\"--nv\", \"--cleanenv\"]}")).settings();
            assertEquals(new SingularitySettings("/i.sif", "apptainer", true, List.of("--nv", "--cleanenv")), s.singularity());
            List<String> problems = gridProblems(grid("\"singularity\": {\"args\": \"--nv\", \"use_rnu\": true}"));
            assertHasProblem(problems, "singularity.image: missing required key");
            assertHasProblem(problems, "singularity.args: expected list, got str '--nv'");
            assertHasProblem(problems, "singularity.use_rnu: unknown key 'use_rnu'; did you mean 'use_run'?");
            assertHasProblem(gridProblems(grid("\"singularity\": \"img.sif\"")), "singularity: expected dict, got str 'img.sif'");
        }

        @Test
        void gitParams() throws SettingsException {
            RunSettings s = loadGrid(grid("\"git_params\": {\"url\": \"git@x:y.git\", \"branch\": \"main\", \"commit\": \"abc\","
                    + " \"depth\": 1, \"remove_local_copy\": false}")).settings();
            assertEquals(new GitParams("git@x:y.git", "main", "abc", 1, false), s.git());
            assertEquals(new GitParams(null, "main", null, null, true),
                    loadGrid(grid("\"git_params\": {\"branch\": \"main\", \"commit\": null}")).settings().git());
            assertHasProblem(gridProblems(grid("\"git_params\": {\"depth\": \"1\"}")), "git_params.depth: expected int, got str '1'");
        }
    }

    @Nested
    class FixedParams {
        @Test
        void dottedKeysBecomeNestedDictsInFileOrder() throws SettingsException {
            RunSettings s = loadGrid(gridWithFixed("{\"b\": 1, \"fn_args.y\": 0.1, \"a\": [1, 2], \"fn_args.x\": \"s\", \"c:d-e\": true}")).settings();
            assertEquals(List.of("b", "fn_args", "a", "c:d-e"), new ArrayList<>(s.fixedParams().keySet()));
            assertEquals(Map.of("y", 0.1, "x", "s"), s.fixedParams().get("fn_args"));
            assertEquals(List.of(1L, 2L), s.fixedParams().get("a"));
        }

        @Test
        void valueTypes() {
            List<String> problems = gridProblems(gridWithFixed("{\"n\": null, \"fn_args\": {\"x\": 1}}"));
            assertHasProblem(problems, "fixed_params.n: expected bool, str, int, float or list, got None");
            assertHasProblem(problems, "fixed_params.fn_args: expected bool, str, int, float or list, got dict {'x': 1};"
                    + " nested dicts are not allowed, write dotted keys such as 'fn_args.x' instead");
        }

        @Test
        void parameterNameRules() {
            List<String> problems = gridProblems(gridWithFixed(
                    "{\"working_dir\": 1, \"loss__std\": 1, \"a b\": 1, \".a\": 1, \"a.\": 1, \"a..b\": 1, \"\": 1}"));
            assertHasProblem(problems, "fixed_params.working_dir: parameter name 'working_dir' is reserved and cannot be set from the settings");
            assertHasProblem(problems, "fixed_params.loss__std: parameter name 'loss__std' must not end with '__std'"
                    + " (it would collide with the standard-deviation columns)");
            assertHasProblem(problems, "fixed_params.a b: parameter name 'a b' is not valid: only letters, digits and '_', '-', '.', ':'"
                    + " are allowed");
            assertProblemContaining(problems, "fixed_params..a: parameter name '.a' is not valid: '.' separates nested names");
            assertProblemContaining(problems, "fixed_params.a.: parameter name 'a.' is not valid");
            assertProblemContaining(problems, "fixed_params.a..b: parameter name 'a..b' is not valid");
            assertProblemContaining(problems, "fixed_params.: parameter name '' is not valid");
            assertEquals(7, problems.size(), String.join("\n", problems));
        }

        @Test
        void nestedConflictsAreFoundAmongManyFixedNamesInTheirOrder() {
            StringBuilder fixed = new StringBuilder("{\"a\": 1, \"a.b\": 2");
            for (int i = 0; i < 20_000; i++) {
                fixed.append(", \"p").append(i).append("\": ").append(i);
            }
            fixed.append(", \"a.b.c\": 3}");
            List<String> conflicts = gridProblems(gridWithFixed(fixed.toString())).stream()
                    .filter(p -> p.contains("conflicts with")).toList();
            assertEquals(List.of(
                    "fixed_params.a.b: conflicts with 'a', which sets the whole of 'a'",
                    "fixed_params.a.b.c: conflicts with 'a', which sets the whole of 'a'",
                    "fixed_params.a.b.c: conflicts with 'a.b', which sets the whole of 'a.b'"), conflicts);
        }

        @Test
        void fixedNamesMustNotOverlapEachOtherOrSearchedNames() {
            assertHasProblem(gridProblems(gridWithFixed("{\"fn_args\": 1, \"fn_args.x\": 2}")),
                    "fixed_params.fn_args.x: conflicts with 'fn_args', which sets the whole of 'fn_args'");
            assertHasProblem(gridProblems(gridWithFixed("{\"x\": 1}")),
                    "fixed_params.x: Duplicate setting: 'x' overlaps 'x' of hyperparam_list (the fixed value would override the searched one)");
            String zipped = gridWithEntries("[{\"param\": [\"fn_args.x\", \"y\"], \"values\": [[1, 2]]}]")
                    .replace("\"fixed_params\": {}", "\"fixed_params\": {\"fn_args\": 0}");
            assertHasProblem(gridProblems(zipped), "fixed_params.fn_args: Duplicate setting: 'fn_args' overlaps 'fn_args.x' of"
                    + " hyperparam_list (the fixed value would override the searched one)");
            assertHasProblem(hpoProblems(hpo("").replace("\"fixed_params\": {}", "\"fixed_params\": {\"lr\": 0.1}")),
                    "fixed_params.lr: Duplicate setting: 'lr' overlaps 'lr' of optimized_params (the fixed value would override the"
                            + " searched one)");
        }
    }

    @Nested
    class GridSearch {
        @Test
        void entriesListValuesZippedNamesAndOptions() throws SettingsException {
            RunSettings s = loadGrid(gridWithEntries("""
                    [{"param": "a", "values": [1, 2.5, "s", true, [1, [2]]]},
                     {"param": ["b", "c"], "values": [[1, "x"], [2, [3]]]}]""")).settings();
            List<GridEntry> entries = s.grid().hyperparamList();
            assertEquals(List.of(1L, 2.5, "s", true, PyTuple.of(1L, List.of(2L))), entries.get(0).values());
            assertEquals(List.of(PyTuple.of(1L, "x"), PyTuple.of(2L, List.of(3L))), entries.get(1).values());
            assertTrue(entries.get(1).zipped());
            s = loadGrid(grid("\"samples\": 5, \"load_existing_results\": true, \"local_run\": false")).settings();
            assertEquals(new GridSearchSettings(s.grid().hyperparamList(), 1, 5, true, false, null), s.grid());
            assertEquals(false, s.runLocal());
        }

        @Test
        void entryProblems() {
            List<String> problems = gridProblems(gridWithEntries("""
                    [{"param": ["a", "b"], "values": [[1, 2], [3], 4, [null, 1]]},
                     {"param": "c", "values": [1, null, {"k": 1}]},
                     {"param": "d", "value": [1]},
                     {"param": "a", "values": []},
                     {"param": 5, "values": [1]},
                     {"values": [1]},
                     "e"]"""));
            assertHasProblem(problems, "hyperparam_list[0].values[1]: has 1 values but 'param' names 2 parameters");
            assertHasProblem(problems, "hyperparam_list[0].values[2]: expected list of 2 values (one per zipped name), got int 4");
            assertHasProblem(problems, "hyperparam_list[0].values[3][0]: expected bool, str, int, float or list, got None");
            assertHasProblem(problems, "hyperparam_list[1].values[1]: expected bool, str, int, float or list, got None");
            assertHasProblem(problems, "hyperparam_list[1].values[2]: expected bool, str, int, float or list, got dict {'k': 1}");
            assertHasProblem(problems, "hyperparam_list[2].values: missing required key");
            assertHasProblem(problems, "hyperparam_list[2].value: unknown key 'value'; did you mean 'values'?");
            assertHasProblem(problems, "hyperparam_list[3].param: duplicate parameter 'a' in hyperparam_list");
            assertHasProblem(problems, "hyperparam_list[3].values: must not be empty (the grid would have no points)");
            assertHasProblem(problems, "hyperparam_list[4].param: expected str or non-empty list of str, got int 5");
            assertHasProblem(problems, "hyperparam_list[5].param: missing required key");
            assertHasProblem(problems, "hyperparam_list[6]: expected dict with 'param' and 'values', got str 'e'");
        }

        @Test
        void restartsSamplesAndLocalRun() {
            List<String> problems = gridProblems(grid("\"samples\": -1, \"local_run\": \"yes\"").replace("\"restarts\": 1", "\"restarts\": 0"));
            assertHasProblem(problems, "restarts: must be at least 1, got 0");
            assertHasProblem(problems, "samples: must be at least 0, got -1");
            assertHasProblem(problems, "local_run: expected bool, got str 'yes'");
        }

        @Test
        void anEmptyListOnlyRunsTheRestartsWithAWarning() throws SettingsException {
            LoadedSettings loaded = loadGrid(gridWithEntries("[]"));
            assertEquals(List.of(), loaded.settings().grid().hyperparamList());
            assertEquals(List.of("hyperparam_list: no hyperparameters vary; only the restarts are run"), loaded.warnings());
        }
    }

    @Nested
    class HpOptimization {
        @Test
        void distributionsBecomeParamSpecs() throws SettingsException {
            RunSettings s = loadHpo(hpoWithParams("""
                    [{"param": "a", "distribution": "TruncatedNormal", "bounds": [0, 1.5]},
                     {"param": "b", "distribution": "IntNormal", "bounds": [-5, 5], "smart_rounding": false},
                     {"param": "c", "distribution": "IntLogNormal", "bounds": [1, 1000]},
                     {"param": "d", "distribution": "TruncatedLogNormal", "bounds": [1e-10, 1]},
                     {"param": "e", "distribution": "Discrete", "options": [false, "x", 1, 2.5, [1, 2]]}]""")).settings();
            List<ParamSpec> p = s.hpo().optimizedParams();
            assertEquals(new ParamSpec("a", Distribution.TruncatedNormal, 0, 1.5, 0L, 1.5, List.of(), true), p.get(0));
            assertEquals(new ParamSpec("b", Distribution.IntNormal, -5, 5, -5L, 5L, List.of(), false), p.get(1));
            assertEquals(Distribution.IntLogNormal, p.get(2).distribution());
            assertEquals(1e-10, p.get(3).lower());
            assertEquals(List.of(false, "x", 1L, 2.5, PyTuple.of(1L, 2L)), p.get(4).options());
            assertTrue(Double.isNaN(p.get(4).lower()));
            assertNull(p.get(4).lowerRaw());
        }

        @Test
        void boundsAndOptionsMixUpsAreToleratedWithAWarning() throws SettingsException {
            LoadedSettings loaded = loadHpo(hpoWithParams("""
                    [{"param": "a", "distribution": "Discrete", "bounds": [1, 2, 3]},
                     {"param": "b", "distribution": "TruncatedNormal", "options": [0, 1]}]"""));
            assertEquals(List.of(1L, 2L, 3L), loaded.settings().hpo().optimizedParams().get(0).options());
            assertEquals(1.0, loaded.settings().hpo().optimizedParams().get(1).upper());
            assertEquals(List.of(
                    "optimized_params[0].bounds: a Discrete distribution takes 'options', not 'bounds'; using the values as 'options'"
                            + " (rename the key)",
                    "optimized_params[1].options: a TruncatedNormal distribution takes 'bounds', not 'options'; using the values as"
                            + " 'bounds' (rename the key)"), loaded.warnings());
        }

        @Test
        void distributionRules() {
            List<String> problems = hpoProblems(hpoWithParams("""
                    [{"param": "a", "distribution": "TruncatedNorml", "bounds": [0, 1]},
                     {"param": "b", "distribution": "TruncatedNormal", "bounds": [1, 1]},
                     {"param": "c", "distribution": "IntNormal", "bounds": [1.0, 10.0]},
                     {"param": "d", "distribution": "TruncatedLogNormal", "bounds": [0, 1]},
                     {"param": "e", "distribution": "TruncatedNormal", "bounds": [0, 1, 2]},
                     {"param": "f", "distribution": "Discrete", "options": [null, {"k": 1}, [1, [2]]]},
                     {"param": "g", "distribution": "Discrete", "options": [1], "bounds": [1, 2]},
                     {"param": "h", "distribution": "TruncatedNormal"},
                     {"param": "i", "distribution": "TruncatedNormal", "bounds": ["0", true]},
                     {"param": "j", "distribution": "Discrete", "options": []},
                     {"param": "a", "distribution": "Discrete", "options": [1], "smart_rounding": "no", "prior": 1},
                     {"param": 5, "distribution": "Discrete", "options": [1]}]"""));
            assertHasProblem(problems, "optimized_params[11].param: parameter name must be a string, got int 5");
            assertHasProblem(problems, "optimized_params[0].distribution: Distribution TruncatedNorml does not exist; did you mean 'TruncatedNormal'?");
            assertHasProblem(problems, "optimized_params[1].bounds: Bounds don't yield a proper interval: lower 1 must be smaller than upper 1");
            assertHasProblem(problems, "optimized_params[2].bounds: Bounds for integer distribution must be integral (write IntNormal"
                    + " bounds without a decimal point), got [1.0, 10.0]");
            assertHasProblem(problems, "optimized_params[3].bounds: Bounds for TruncatedLogNormal must be positive (lower bound at least"
                    + " 1e-10), got 0");
            assertHasProblem(problems, "optimized_params[4].bounds: expected [lower, upper], got list [0, 1, 2]");
            assertHasProblem(problems, "optimized_params[5].options[0]: Discrete options must be bool, str, int, float or list;"
                    + " expected one of these, got None");
            assertHasProblem(problems, "optimized_params[5].options[1]: Discrete options must be bool, str, int, float or list;"
                    + " expected one of these, got dict {'k': 1}");
            assertHasProblem(problems, "optimized_params[5].options[2]: Discrete options must be hashable, (1, [2]) failed (it contains"
                    + " a list or dict)");
            assertHasProblem(problems, "optimized_params[6].bounds: a Discrete distribution takes 'options' only; remove 'bounds'");
            assertHasProblem(problems, "optimized_params[7].bounds: missing required key");
            assertHasProblem(problems, "optimized_params[8].bounds[0]: expected a finite int or float, got str '0'");
            assertHasProblem(problems, "optimized_params[8].bounds[1]: expected a finite int or float, got bool True");
            assertHasProblem(problems, "optimized_params[9].options: expected non-empty list of options, got list []");
            assertHasProblem(problems, "optimized_params[10].smart_rounding: expected bool, got str 'no'");
            assertProblemContaining(problems, "optimized_params[10].prior: unknown key 'prior'; valid keys are: param, distribution,");
        }

        @Test
        void optimizerAndOptimizationSetting() throws SettingsException {
            RunSettings s = loadHpo(hpo("").replace("\"optimizer_str\": \"cem_metaoptimizer\"", "\"optimizer_str\": \"tpe\"")
                    .replace("\"optimizer_settings\": {\"num_jobs_in_elite\": 10, \"with_restarts\": true}",
                            "\"optimizer_settings\": {\"anything\": {\"goes\": [1]}}")
                    .replace("\"n_jobs_per_iteration\": 2", "\"n_jobs_per_iteration\": 4, \"n_completed_jobs_before_resubmit\": 4,"
                            + " \"run_local\": true")).settings();
            assertEquals("tpe", s.hpo().optimizerStr());
            assertEquals(Map.of("anything", Map.of("goes", List.of(1L))), s.hpo().optimizerSettings());
            assertEquals(new OptimizationSetting("loss", true, 10, 4, 4, true), s.hpo().optimization());
            assertEquals(true, s.runLocal());
            List<String> problems = hpoProblems(hpo("").replace("\"cem_metaoptimizer\"", "\"nevergard\"")
                    .replace("\"n_jobs_per_iteration\": 2", "\"n_jobs_per_iteration\": 2, \"n_completed_jobs_before_resubmit\": 3,"
                            + " \"metric\": \"x\"")
                    .replace("\"minimize\": true", "\"minimize\": \"yes\""));
            assertHasProblem(problems, "optimizer_str: unknown optimizer 'nevergard'; did you mean 'nevergrad'?");
            assertHasProblem(problems, "optimization_setting.n_completed_jobs_before_resubmit: n_completed_jobs_before_resubmit must"
                    + " be in [1, 2], got 3");
            assertProblemContaining(problems, "optimization_setting.metric: unknown key 'metric'");
            assertHasProblem(problems, "optimization_setting.minimize: expected bool, got str 'yes'");
        }

        @Test
        void earlyKillingAndKeptJobs() throws SettingsException {
            RunSettings s = loadHpo(hpo("\"kill_bad_jobs_early\": true, \"early_killing_params\": {\"target_rank\": 10,"
                    + " \"how_many_stds\": 3.0}")).settings();
            assertEquals(new EarlyKillingParams.Rank(10, 3.0), s.hpo().earlyKilling());
            List<String> problems = hpoProblems(hpo("\"kill_bad_jobs_early\": true")
                    .replace("\"num_best_jobs_whose_data_is_kept\": 0", "\"num_best_jobs_whose_data_is_kept\": -1"));
            assertHasProblem(problems, "early_killing_params: missing required key");
            assertHasProblem(problems, "num_best_jobs_whose_data_is_kept: must be at least 0, got -1");
            problems = hpoProblems(hpo("\"kill_bad_jobs_early\": true, \"early_killing_params\": {\"target_rank\": \"10\","
                    + " \"how_many_std\": 3}"));
            assertHasProblem(problems, "early_killing_params.target_rank: expected int or float, got str '10'");
            assertHasProblem(problems, "early_killing_params.how_many_stds: missing required key");
            assertHasProblem(problems, "early_killing_params.how_many_std: unknown key 'how_many_std'; did you mean 'how_many_stds'?");
            RunSettings off = loadHpo(hpo("\"early_killing_params\": {\"target_rank\": 1, \"how_many_stds\": 1}")).settings();
            assertNull(off.hpo().earlyKilling());
        }

        EarlyKillingParams early(String params) throws SettingsException {
            return loadHpo(hpo("\"kill_bad_jobs_early\": true, \"early_killing_params\": " + params)).settings().hpo().earlyKilling();
        }

        List<String> earlyProblems(String params) {
            return hpoProblems(hpo("\"kill_bad_jobs_early\": true, \"early_killing_params\": " + params));
        }

        @Test
        void earlyStoppingMethodsWithTheirDefaults() throws SettingsException {
            assertEquals(new EarlyKillingParams.Asha(3, 1, null, null), early("{\"method\": \"asha\"}"));
            assertEquals(new EarlyKillingParams.Asha(2, 2, 16.0, "epoch"), early("{\"method\": \"asha\", \"reduction_factor\": 2,"
                    + " \"min_reports\": 2, \"max_reports\": 16, \"resource_key\": \"epoch\"}"));
            assertEquals(new EarlyKillingParams.Hyperband(3, 1, 27.0, null), early("{\"method\": \"hyperband\", \"max_reports\": 27}"));
            assertEquals(new EarlyKillingParams.Median(1, 5, null), early("{\"method\": \"median\"}"));
            assertEquals(new EarlyKillingParams.Median(3, 2, "step"), early("{\"method\": \"median\", \"min_reports\": 3,"
                    + " \"min_finished\": 2, \"resource_key\": \"step\"}"));
            assertEquals(new EarlyKillingParams.Rank(2, 1.0), early("{\"method\": \"rank\", \"target_rank\": 2, \"how_many_stds\": 1.0}"));
        }

        @Test
        void aGridNamesTheMetricItStopsBy() throws SettingsException {
            RunSettings g = loadGrid(grid("\"kill_bad_jobs_early\": true, \"early_killing_params\": {\"method\": \"asha\","
                    + " \"metric\": \"val_loss\"}")).settings();
            assertEquals(new EarlyStoppingSettings("val_loss", true, new EarlyKillingParams.Asha(3, 1, null, null)), g.grid().earlyStopping());
            assertEquals(RunType.GRID_SEARCH, SettingsLoader.detectType(Map.of("kill_bad_jobs_early", true, "hyperparam_list", List.of())));
            assertHasProblem(gridProblems(grid("\"kill_bad_jobs_early\": true, \"early_killing_params\": {\"method\": \"median\"}")),
                    "early_killing_params.metric: missing required key");
            assertHasProblem(earlyProblems("{\"method\": \"median\", \"metric\": \"loss\"}"), "early_killing_params.metric: only for "
                    + "grid_search; hp_optimization stops jobs by optimization_setting.metric_to_optimize and optimization_setting.minimize");
            assertNull(loadGrid(grid("")).settings().grid().earlyStopping());
        }

        @Test
        void badEarlyStoppingParametersNameTheKey() {
            assertHasProblem(earlyProblems("{\"method\": \"ashaa\"}"),
                    "early_killing_params.method: unknown method 'ashaa'; use one of rank, asha, hyperband, median");
            assertHasProblem(earlyProblems("{\"method\": \"asha\", \"reduction_factor\": 1}"),
                    "early_killing_params.reduction_factor: must be at least 2, got 1");
            assertHasProblem(earlyProblems("{\"method\": \"asha\", \"min_reports\": 0}"),
                    "early_killing_params.min_reports: must be a number above 0, got int 0");
            assertHasProblem(earlyProblems("{\"method\": \"asha\", \"min_reports\": 4, \"max_reports\": 4}"),
                    "early_killing_params.max_reports: must be larger than min_reports (4.0), got 4.0");
            assertProblemContaining(earlyProblems("{\"method\": \"hyperband\"}"), "early_killing_params.max_reports: required by method 'hyperband'");
            assertHasProblem(earlyProblems("{\"method\": \"median\", \"target_rank\": 3}"),
                    "early_killing_params.target_rank: belongs to method rank, not to method 'median'");
            assertHasProblem(earlyProblems("{\"method\": \"rank\", \"target_rank\": 3, \"how_many_stds\": 1, \"reduction_factor\": 3}"),
                    "early_killing_params.reduction_factor: belongs to method asha or hyperband, not to method 'rank'");
            assertProblemContaining(earlyProblems("{\"method\": \"asha\", \"resource\": \"epoch\"}"),
                    "early_killing_params.resource: unknown key 'resource'; valid keys are: method, reduction_factor, min_reports, max_reports, resource_key");
        }
    }
}
