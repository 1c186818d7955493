package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** grid_search end to end: the shaded jar, real Python job processes, real UDP messages. */
class GridSearchIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path REFERENCE = REPO.resolve("src/test/resources/reference");

    @TempDir
    Path tmp;

    static List<String> csv(Path file) throws Exception {
        return Files.readAllLines(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"grid_search.toml", "grid_search.json", "grid_search.yaml"})
    void theBasicExampleRunsInEveryFormat(String file) throws Exception {
        Path results = tmp.resolve("res");
        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args("grid_search", "--backend", "local", "examples/basic/" + file, "results_dir=\"" + results + "\"", "fixed_params.sleep_seconds=0.0")
                .run();
        assertEquals(0, r.exitCode(), r.all());
        Path dir = results.resolve("basic_grid");
        List<String> rows = csv(dir.resolve("all_data.csv"));
        assertEquals(",fn_args.x,fn_args.y,noise,sleep_seconds,working_dir,id,_id,rosenbrock,noiseless,log_noiseless,time_elapsed",
                rows.get(0));
        assertEquals(19, rows.size(), "18 jobs (3 x 3 grid, 2 restarts) + header");
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith("0,"), rows.get(i));
            assertTrue(rows.get(i).contains("," + (i - 1) + "," + (i - 1) + ","), "rows in job-id order: " + rows.get(i));
        }
        List<String> reduced = csv(dir.resolve("reduced_data.csv"));
        assertEquals(10, reduced.size(), "9 settings + header");
        assertTrue(reduced.get(0).contains("job_restarts"));
        assertTrue(reduced.get(1).contains(",2,"), "two restarts per setting: " + reduced.get(1));
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("metadata.json").toFile());
        assertEquals("GRID_SEARCH", meta.get("run_type").asText());
        assertEquals("finished", meta.get("outcome").asText());
        // bench/start-phases reads these: every step of the command line's way to its first job, in order
        List<String> steps = new ArrayList<>();
        long last = 0;
        for (var it = meta.get("server_milestones_ms").fields(); it.hasNext(); ) {
            var step = it.next();
            steps.add(step.getKey());
            assertTrue(step.getValue().asLong() >= last, "in the order reached: " + meta.get("server_milestones_ms"));
            last = step.getValue().asLong();
        }
        assertEquals(List.of("main", "arguments_parsed", "settings_read", "camel_started", "run_started", "checked_out",
                "backend_ready", "channel_open", "coordinator_started", "first_submitted"), steps);
        assertTrue(meta.get("server_cpu_by_thread_seconds").has("jit_compiler"), meta.toString());
        assertTrue(meta.get("server_jvm_started_at_ms").asLong() > 0);
        assertTrue(Files.isRegularFile(dir.resolve("working_directories/17/settings.json")));
        assertTrue(Files.isRegularFile(dir.resolve("working_directories/17/param_choice.csv")));
        assertTrue(r.stdout().contains("18/18 done (18 ok, 0 failed)"), r.stdout());
        try (var s = Files.list(tmp.resolve("cache"))) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith("-jobs")), "remove_jobs_dir = true");
        }
    }

    @Test
    void parametersTooLongForACommandLineReachTheJobThroughAFile() throws Exception {
        // one argument of a command line is at most 128 KiB on Linux: the original's jobs failed with
        // "Argument list too long" here
        Path results = tmp.resolve("res");
        Path settings = tmp.resolve("long.toml");
        Files.writeString(settings, Files.readString(REPO.resolve("examples/basic/grid_search.toml"))
                .replace("[fixed_params]", "[fixed_params]\nblob = \"" + "ab\u00e9".repeat(50_000) + "\"")
                .replace("values = [-1.0, 0.0, 1.0]", "values = [1.0]").replace("values = [0.5, 1.0, 2.0]", "values = [2.0]"));
        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args("grid_search", "--backend", "local", settings.toString(), "results_dir=\"" + results + "\"",
                        "fixed_params.sleep_seconds=0.0", "restarts=1")
                .run();
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("1/1 done (1 ok, 0 failed)"), r.stdout());
        JsonNode written = new ObjectMapper().readTree(results.resolve("basic_grid/working_directories/0/settings.json").toFile());
        assertEquals("ab\u00e9".repeat(50_000), written.get("blob").asText(), "the job read every character");
    }

    @Test
    void anOriginalConfigAndJobScriptRunUnchanged() throws Exception {
        Path project = REPO.resolve("src/test/resources/original-project");
        Path results = tmp.resolve("res");
        Cli.Result r = cli().home(tmp).cwd(project)
                .args("grid_search", "--backend", "local", REFERENCE.resolve("original-configs/tests/grid_search.json").toString(),
                        "results_dir=\"" + results + "\"", "--yes")
                .run();
        assertEquals(0, r.exitCode(), r.all());
        List<String> rows = csv(results.resolve("test_grid_search/all_data.csv"));
        assertEquals(",fn_args.u,fn_args.v,fn_args.w,fn_args.x,fn_args.y,fn_args.sharp_penalty,test_resume,max_sleep_time,"
                + "working_dir,id,_id,result,noiseless_result,time_elapsed", rows.get(0));
        assertEquals(5, rows.size());
        assertTrue(rows.get(1).startsWith("0,-0.5,10,1,3.0,0.1,False,False,1,"), rows.get(1));
    }

    @Test
    void failedJobsAreReportedWithTheirErrorAndTheRestIsKept() throws Exception {
        Path results = tmp.resolve("res");
        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args("grid_search", "--backend", "local", "examples/basic/grid_search_with_failures.toml", "results_dir=\"" + results + "\"")
                .run();
        assertEquals(0, r.exitCode(), r.all());
        Path dir = results.resolve("failing_grid");
        assertEquals(3, csv(dir.resolve("all_data.csv")).size(), "two jobs succeeded");
        String journal = Files.readString(dir.resolve("journal.jsonl"));
        assertTrue(journal.contains("ValueError: job 1 was told to crash"), journal);
        assertTrue(journal.contains("exit code 4"), journal);
        assertTrue(r.stdout().contains("4/4 done (2 ok, 2 failed)"), r.stdout());
    }

    @Test
    void aJobWithoutTheClientReportsThroughMetricsCsv() throws Exception {
        Path results = tmp.resolve("res");
        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args("grid_search", "--backend", "local", "examples/basic/grid_search_shell_job.toml", "results_dir=\"" + results + "\"")
                .run();
        assertEquals(0, r.exitCode(), r.all());
        List<String> rows = csv(results.resolve("shell_grid/all_data.csv"));
        assertEquals(",size,working_dir,id,_id,words,bytes", rows.get(0));
        assertEquals(5, rows.size());
    }

    @Test
    void aStringMetricWithALineBreakAndCommasRoundTripsThroughAllDataCsv() throws Exception {
        Path settings = writeSettings("csv", "src/test/resources/jobs/client_job.py", "");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", settings.toString(),
                "fixed_params.mode=\"csv\"").run();
        assertEquals(0, r.exitCode(), r.all());
        Path dir = tmp.resolve("res/csv");
        String note = "line one\nline two, with \"quotes\", and a comma";
        List<java.util.Map<String, String>> rows = dev.clusterutils.results.AllDataCsv.read(dir.resolve("all_data.csv"));
        assertEquals(3, rows.size(), rows.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(String.valueOf(i), rows.get(i).get("_id"));
            assertEquals(note, rows.get(i).get("note"));
            assertEquals(String.valueOf(i + 1.0), rows.get(i).get("loss"));
            assertEquals("", rows.get(i).get("nan"), "NaN is an empty cell, as pandas writes it");
            assertEquals("inf", rows.get(i).get("inf"));
            assertEquals("-inf", rows.get(i).get("ninf"));
        }
        // Python's csv module and pandas' float parsing read the same cells
        Path script = tmp.resolve("read.py");
        Files.writeString(script, "import csv, sys, math\n"
                + "with open(sys.argv[1], newline='') as f:\n"
                + "    rows = list(csv.DictReader(f))\n"
                + "assert len(rows) == 3, rows\n"
                + "for i, r in enumerate(rows):\n"
                + "    assert r['note'] == sys.argv[2], repr(r['note'])\n"
                + "    assert float(r['loss']) == i + 1 and math.isinf(float(r['inf'])) and float(r['ninf']) < 0, r\n"
                + "with open(sys.argv[3], newline='') as f:\n"
                + "    reduced = list(csv.DictReader(f))\n"
                + "assert [float(r['loss']) for r in reduced] == [1.0, 2.0, 3.0], reduced\n"
                + "print('ok')\n");
        Process p = new ProcessBuilder("python3", script.toString(), dir.resolve("all_data.csv").toString(), note,
                dir.resolve("reduced_data.csv").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("ok", out.strip());
    }

    private Path writeSettings(String name, String script, String extra) throws Exception {
        Path settings = tmp.resolve(name + ".toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"" + script + "\"",
                "restarts = 1",
                "local_run = true",
                extra,
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1, 2, 3]", ""));
        return settings;
    }

    @Test
    void resultsCountWhenEveryDatagramIsLost() throws Exception {
        Path settings = writeSettings("dropped", "src/test/resources/jobs/drop_datagrams.py", "");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", settings.toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        List<String> rows = csv(tmp.resolve("res/dropped/all_data.csv"));
        assertEquals(4, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(0).endsWith(",value,time_elapsed"), rows.get(0));
        assertTrue(Files.readString(tmp.resolve("res/dropped/journal.jsonl")).contains("\"source\":\"metrics.csv\""));
    }

    @Test
    void aJobThatExitsForResumeRunsAgainInTheSameWorkingDir() throws Exception {
        Path settings = writeSettings("resumed", "src/test/resources/jobs/resume_once.py", "remove_jobs_dir = false");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", settings.toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        List<String> rows = csv(tmp.resolve("res/resumed/all_data.csv"));
        assertEquals(4, rows.size());
        assertTrue(rows.get(1).contains(",2,"), "second start finished: " + rows.get(1));
        String journal = Files.readString(tmp.resolve("res/resumed/journal.jsonl"));
        assertEquals(3, journal.split("job_resubmitting", -1).length - 1, journal);
    }

    @Test
    void badSettingsExitWithTwoAndWriteNothing() throws Exception {
        Path settings = tmp.resolve("bad.json");
        Files.writeString(settings, "{\"optimization_procedure_name\": \"bad\", \"results_dir\": \"" + tmp.resolve("res")
                + "\", \"script_relative_path\": \"x.py\", \"environment_setup\": {}, \"cluster_requirments\": {},"
                + " \"fixed_params\": {}, \"restarts\": 1, \"hyperparam_list\": []}");
        Cli.Result r = cli().home(tmp).args("grid_search", "--backend", "local", settings.toString()).run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("cluster_requirments"), r.stderr());
        assertTrue(r.stderr().contains("cluster_requirements"), r.stderr());
        assertFalse(Files.exists(tmp.resolve("res")));
    }

    @Test
    void aQuestionWithoutATerminalFailsFastNamingYes() throws Exception {
        Path settings = writeSettings("asked", "src/test/resources/jobs/drop_datagrams.py", "");
        Files.createDirectories(tmp.resolve("res/asked"));
        Files.writeString(tmp.resolve("res/asked/keep.txt"), "old results");
        Files.writeString(tmp.resolve("res/asked/all_data.csv"), "x\n1\n"); // recognisably a run, so the question is asked
        long start = System.nanoTime();
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", settings.toString()).run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("--yes"), r.stderr());
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "did not hang");
        assertTrue(Files.exists(tmp.resolve("res/asked/keep.txt")));
    }
}
