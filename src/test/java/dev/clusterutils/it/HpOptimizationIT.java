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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** hp_optimization end to end with real Python jobs. */
class HpOptimizationIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void theRosenbrockExampleOptimizesAndKeepsTheBestJobs() throws Exception {
        Path results = tmp.resolve("res");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local",
                "examples/rosenbrock/hp_optimization.toml", "results_dir=\"" + results + "\"",
                "optimization_setting.number_of_samples=24", "fixed_params.epoch_seconds=0.0").run();
        assertEquals(0, r.exitCode(), r.all());
        Path dir = results.resolve("rosenbrock_tpe");
        List<String> rows = Files.readAllLines(dir.resolve("all_data.csv"));
        assertEquals(",_id,_iteration,epoch_seconds,epochs,id,loss,time_elapsed,working_dir,x,x_plus_y,y", rows.get(0));
        assertEquals(25, rows.size());
        int loss = 6;
        List<Double> losses = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            losses.add(Double.parseDouble(row.split(",")[loss]));
        }
        List<Double> sorted = new ArrayList<>(losses);
        sorted.sort(Double::compare);
        assertEquals(sorted, losses, "best first");
        List<String> reduced = Files.readAllLines(dir.resolve("reduced_data.csv"));
        assertEquals(",x,y,loss,job_restarts,loss__std", reduced.get(0));
        try (var s = Files.list(dir.resolve("best_jobs"))) {
            assertEquals(3, s.count());
        }
        assertFalse(Files.exists(dir.resolve("working_directories")), "remove_working_dirs defaults to true");
        String log = Files.readString(dir.resolve("cluster_run.log"));
        assertEquals(4, log.split("starting new iteration", -1).length - 1, "24 jobs / 6 per iteration");
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("metadata.json").toFile());
        assertEquals("HP_OPTIMIZATION", meta.get("run_type").asText());
        assertTrue(r.stdout().contains("best "), r.stdout());
    }

    private Path settings(String name, String metric, String extra) throws Exception {
        Path file = tmp.resolve(name + ".toml");
        Files.writeString(file, String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"examples/rosenbrock/rosenbrock_job.py\"",
                "num_best_jobs_whose_data_is_kept = 0",
                "remove_working_dirs = false",
                "optimizer_str = \"random\"",
                extra,
                "[optimizer_settings]",
                "[optimization_setting]",
                "metric_to_optimize = \"" + metric + "\"",
                "minimize = true",
                "number_of_samples = 24",
                "n_jobs_per_iteration = 4",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "epochs = 6",
                "epoch_seconds = 0.3",
                "[[optimized_params]]",
                "param = \"x\"",
                "distribution = \"TruncatedNormal\"",
                "bounds = [-2.0, 2.0]",
                "[[optimized_params]]",
                "param = \"y\"",
                "distribution = \"TruncatedNormal\"",
                "bounds = [-1.0, 3.0]", ""));
        return file;
    }

    @Test
    void hopelessJobsAreStoppedEarlyAndCountWithTheirLastValue() throws Exception {
        Path file = settings("early", "loss", "kill_bad_jobs_early = true\n[early_killing_params]\ntarget_rank = 2\nhow_many_stds = 1.0");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", "--max-jobs", "4",
                file.toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        Path dir = tmp.resolve("res/early");
        List<String> killed = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("journal.jsonl"))) {
            if (line.contains("\"source\":\"killed_early\"")) {
                killed.add(new ObjectMapper().readTree(line).get("id").asText());
            }
        }
        assertFalse(killed.isEmpty(), "with 24 random settings some start hopelessly");
        for (String id : killed) {
            assertFalse(Files.exists(dir.resolve("working_directories/" + id + "/metrics.csv")),
                    "job " + id + " was stopped before it could finish");
        }
        List<String> rows = Files.readAllLines(dir.resolve("all_data.csv"));
        assertEquals(25, rows.size(), "killed jobs are rows too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"method = \"asha\"", "method = \"hyperband\"\nmax_reports = 6",
            "method = \"median\"\nmin_reports = 2\nmin_finished = 3"})
    void everyStoppingMethodStopsHopelessJobsForReal(String params) throws Exception {
        String method = params.split("\"")[1];
        Path file = settings(method, "loss", "kill_bad_jobs_early = true\n[early_killing_params]\n" + params);
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", "--max-jobs", "4",
                file.toString(), "fixed_params.epoch_seconds=0.15").run();
        assertEquals(0, r.exitCode(), r.all());
        Path dir = tmp.resolve("res/" + method);
        List<String> killed = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("journal.jsonl"))) {
            if (line.contains("\"source\":\"killed_early\"")) {
                killed.add(new ObjectMapper().readTree(line).get("id").asText());
            }
        }
        assertFalse(killed.isEmpty(), method + ": with 24 random settings some start hopelessly");
        assertTrue(killed.size() < 24, method + " stopped every job");
        String log = Files.readString(dir.resolve("cluster_run.log"));
        int finishedAnyway = 0;
        for (String id : killed) {
            if (Files.exists(dir.resolve("working_directories/" + id + "/metrics.csv"))) {
                // the median rule may judge a job at its last report, racing the job's own end
                assertTrue(method.equals("median") && log.lines().anyMatch(l -> l.contains("Job " + id + " was killed early")
                        && l.endsWith("at resource 6.0.")), "job " + id + " was stopped before it could finish");
                finishedAnyway++;
            }
        }
        assertTrue(finishedAnyway < killed.size(), "some stopped jobs were stopped before their end");
        assertTrue(log.contains(method.equals("median") ? "is worse than the median" : "is not among the best"), log);
        assertEquals(25, Files.readAllLines(dir.resolve("all_data.csv")).size(), "killed jobs are rows too");
    }

    @Test
    void jobsWithoutTheMetricFailWithAClearMessageAndTheRunStops() throws Exception {
        Path file = settings("nometric", "accuracy", "");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", file.toString(),
                "fixed_params.epoch_seconds=0.0").run();
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("Too many"), r.stderr());
        String journal = Files.readString(tmp.resolve("res/nometric/journal.jsonl"));
        assertTrue(journal.contains("Trying to optimize metric 'accuracy' but it is not provided by the job"), journal);
    }

    @Test
    void unknownOptimizerSettingsAreSettingsErrors() throws Exception {
        Path file = settings("badopt", "loss", "").toAbsolutePath();
        Files.writeString(file, Files.readString(file).replace("[optimizer_settings]", "[optimizer_settings]\nwith_restart = true"));
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", file.toString()).run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("optimizer_settings.with_restart"), r.stderr());
    }
}
