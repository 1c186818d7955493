package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterutils.backend.slurm.LocalSlurm;
import dev.clusterutils.backend.slurm.NeedsSlurm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on the real local Slurm, through the shaded jar with {@code --backend slurm}: grid search one
 * sbatch per job and as a job array (same rows), hp_optimization, jobs killed for time and
 * memory, exit for resume, Ctrl-C. Skipped where no Slurm can be started.
 */
@NeedsSlurm
class SlurmRunIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static String partition;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSlurm() {
        partition = LocalSlurm.start(false);
    }

    String[] slurm(String... more) {
        List<String> a = new ArrayList<>(List.of("--backend", "slurm", "cluster_requirements.partition=\"" + partition + "\"",
                "cluster_requirements.request_time=\"5:00\""));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** The arguments, then --backend slurm with the local partition and a time limit. */
    String[] onSlurm(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of(slurm()));
        return a.toArray(String[]::new);
    }

    /** all_data.csv without the columns that differ between two runs of the same grid (paths, durations). */
    static List<String> comparableRows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!header.get(i).equals("working_dir") && !header.get(i).equals("time_elapsed")) {
                keep.add(i);
            }
        }
        return lines.stream().map(l -> {
            String[] f = l.split(",", -1);
            return keep.stream().map(i -> f[i]).collect(Collectors.joining(","));
        }).toList();
    }

    Cli.Result grid(String resultsDir, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("grid_search", "examples/basic/grid_search.toml"));
        args.addAll(List.of(slurm("results_dir=\"" + tmp.resolve(resultsDir) + "\"", "fixed_params.noise=0.0",
                "fixed_params.sleep_seconds=0.0")));
        args.addAll(List.of(extra));
        return cli().home(tmp).cwd(REPO).timeout(Duration.ofMinutes(4)).args(args.toArray(String[]::new)).run();
    }

    @Test
    void aGridSearchRunsOnSlurmAndAsAJobArrayWithTheSameRows() throws Exception {
        Cli.Result one = grid("single");
        assertEquals(0, one.exitCode(), one.all());
        assertTrue(one.stdout().contains("18/18 done (18 ok, 0 failed)"), one.stdout());
        Cli.Result array = grid("array", "--slurm-array", "--max-jobs", "4");
        assertEquals(0, array.exitCode(), array.all());
        List<String> a = comparableRows(tmp.resolve("single/basic_grid/all_data.csv"));
        List<String> b = comparableRows(tmp.resolve("array/basic_grid/all_data.csv"));
        assertEquals(19, a.size());
        assertEquals(a, b, "one sbatch per job and the job array give the same rows");
        String journal = Files.readString(tmp.resolve("array/basic_grid/journal.jsonl"));
        List<String> handles = journal.lines().filter(l -> l.contains("\"job_submitted\""))
                .map(l -> l.replaceAll(".*\"handle\":\"([^\"]+)\".*", "$1")).toList();
        assertEquals(18, handles.size());
        assertEquals(1, handles.stream().map(h -> h.substring(0, h.indexOf('_'))).distinct().count(),
                "18 jobs, one array: " + handles);
        assertTrue(Files.readString(tmp.resolve("array/basic_grid/cluster_run.log")).contains("Slurm detected"));
    }

    @Test
    void anHpOptimizationRunsOnSlurm() throws Exception {
        Path settings = tmp.resolve("hpo.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"slurm_hpo\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"examples/basic/rosenbrock_job.py\"",
                "generate_report = \"never\"",
                "num_best_jobs_whose_data_is_kept = 2",
                "optimizer_str = \"cem_metaoptimizer\"",
                "[optimizer_settings]",
                "with_restarts = false",
                "num_jobs_in_elite = 2",
                "[optimization_setting]",
                "metric_to_optimize = \"rosenbrock\"",
                "minimize = true",
                "number_of_samples = 6",
                "n_jobs_per_iteration = 3",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "memory_in_mb = 500",
                "[fixed_params]",
                "noise = 0.0",
                "sleep_seconds = 0.0",
                "[[optimized_params]]",
                "param = \"fn_args.x\"",
                "distribution = \"TruncatedNormal\"",
                "bounds = [-2.0, 2.0]",
                "[[optimized_params]]",
                "param = \"fn_args.y\"",
                "distribution = \"TruncatedNormal\"",
                "bounds = [-1.0, 3.0]", ""));
        Cli.Result r = cli().home(tmp).cwd(REPO).timeout(Duration.ofMinutes(4))
                .args(onSlurm("hp_optimization", settings.toString())).run();
        assertEquals(0, r.exitCode(), r.all());
        List<String> rows = Files.readAllLines(tmp.resolve("res/slurm_hpo/all_data.csv"));
        assertEquals(7, rows.size(), String.join("\n", rows));
    }

    @Test
    void jobsKilledForTimeAndMemoryFailWithTheReason() throws Exception {
        Path settings = tmp.resolve("limits.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"limits\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/slurm_limits.py\"",
                "restarts = 1",
                "remove_jobs_dir = false",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "memory_in_mb = 150",
                "partition = \"" + partition + "\"",
                "request_time = \"1\"",
                "signal_seconds_to_timeout = 50",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"mode\"",
                "values = [\"ok\", \"memory\", \"time\"]", ""));
        Cli.Result r = cli().home(tmp).cwd(REPO).timeout(Duration.ofMinutes(4))
                .args("grid_search", settings.toString(), "--backend", "slurm").run();
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("3/3 done (1 ok, 2 failed)"), r.stdout());
        String journal = Files.readString(tmp.resolve("res/limits/journal.jsonl"));
        String memory = journal.lines().filter(l -> l.contains("\"job_failed\"") && l.contains("\"id\":1")).findFirst().orElse("");
        String time = journal.lines().filter(l -> l.contains("\"job_failed\"") && l.contains("\"id\":2")).findFirst().orElse("");
        assertTrue(memory.contains("OUT_OF_MEMORY"), journal);
        assertTrue(time.contains("TIMEOUT"), journal);
        String jobsDir = journal.lines().findFirst().orElseThrow().replaceAll(".*\"jobs_dir\":\"([^\"]+)\".*", "$1");
        String out = Files.readString(Path.of(jobsDir, "job_0_2.out"));
        assertTrue(out.contains("Received SIGUSR1 (50 s before the time limit)"), "B:USR1 reached the batch shell:\n" + out);
        assertTrue(out.contains("job got SIGUSR1"), "and was passed on to the job step:\n" + out);
    }

    @Test
    void exitForResumeSubmitsTheJobAgainWithTheSameWorkingDir() throws Exception {
        Path settings = tmp.resolve("resume.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"resumed\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/resume_once.py\"",
                "restarts = 1",
                "remove_jobs_dir = false",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "memory_in_mb = 200",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1, 2]", ""));
        Cli.Result r = cli().home(tmp).cwd(REPO).timeout(Duration.ofMinutes(3)).args(onSlurm("grid_search",
                settings.toString())).run();
        assertEquals(0, r.exitCode(), r.all());
        List<String> rows = Files.readAllLines(tmp.resolve("res/resumed/all_data.csv"));
        assertEquals(3, rows.size());
        String journal = Files.readString(tmp.resolve("res/resumed/journal.jsonl"));
        assertEquals(2, journal.split("job_resubmitting", -1).length - 1, journal);
        assertEquals(4, journal.split("\"job_submitted\"", -1).length - 1, "two sbatch per job");
        String jobsDir = journal.lines().findFirst().orElseThrow().replaceAll(".*\"jobs_dir\":\"([^\"]+)\".*", "$1");
        String out = Files.readString(Path.of(jobsDir, "job_0_0.out"));
        assertEquals(2, out.split("==== Start execution. ====", -1).length - 1, "--open-mode=append keeps the first run's output");
        assertTrue(out.contains("Exit with code 3 for resume"), out);
    }

    @Test
    void ctrlCLeavesNothingInTheQueue() throws Exception {
        Path settings = tmp.resolve("sleepy.toml");
        String name = "sleepy_" + Long.toHexString(System.nanoTime());
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/sleep_long.py\"",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "memory_in_mb = 200",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1, 2, 3, 4, 5, 6]", ""));
        Process server = cli().home(tmp).cwd(REPO).args(onSlurm("grid_search", settings.toString(), "--slurm-array",
                "--max-jobs", "2")).start(tmp.resolve("out.txt"), tmp.resolve("err.txt"));
        Path journal = tmp.resolve("res/" + name + "/journal.jsonl");
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline
                && !(Files.exists(journal) && Files.readString(journal).split("job_started", -1).length - 1 >= 2)) {
            Thread.sleep(200);
        }
        assertEquals(6, LocalSlurm.liveJobs(name).size(), "two running, four pending array tasks: " + LocalSlurm.liveJobs(name));
        assertFalse(Cli.ignoresInterrupt(server.pid()), "the server ignores SIGINT (inherited from a test JVM started in the background"
                + " of a non-interactive shell, and env(1) cannot reset it): Ctrl-C cannot be tested");
        new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server ended after Ctrl-C");
        assertEquals(130, server.exitValue(), Files.readString(tmp.resolve("out.txt")) + Files.readString(tmp.resolve("err.txt")));
        long stop = System.currentTimeMillis() + 15_000;
        while (!LocalSlurm.liveJobs(name).isEmpty() && System.currentTimeMillis() < stop) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), LocalSlurm.liveJobs(name), "squeue lists none of the run's jobs");
    }

    @Test
    void jobsStoppedEarlyLeaveTheQueueWhileTheRunGoesOn() throws Exception {
        String name = "asha_" + Long.toHexString(System.nanoTime());
        Path settings = tmp.resolve("asha.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"examples/early-stopping/train.py\"",
                "remove_working_dirs = false",
                "restarts = 1",
                "kill_bad_jobs_early = true",
                "[early_killing_params]",
                "method = \"asha\"",
                "metric = \"val_loss\"",
                "resource_key = \"epoch\"",
                "max_reports = 9",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "memory_in_mb = 300",
                "[fixed_params]",
                "epochs = 9",
                "epoch_seconds = 1.0",
                "[[hyperparam_list]]",
                "param = \"learning_rate\"",
                "values = [0.0001, 0.001, 0.01, 0.1, 0.3]",
                "[[hyperparam_list]]",
                "param = \"alpha\"",
                "values = [0.000001, 0.03]", ""));
        Process server = cli().home(tmp).cwd(REPO).args(onSlurm("grid_search", settings.toString(), "--max-jobs", "4"))
                .start(tmp.resolve("out.txt"), tmp.resolve("err.txt"));
        Path journal = tmp.resolve("res/" + name + "/journal.jsonl");
        Map<String, String> handles = new HashMap<>();
        Map<String, Long> stoppedAt = new HashMap<>();
        Set<String> leftTheQueue = new HashSet<>();
        long deadline = System.currentTimeMillis() + 180_000;
        // One more pass after the server ended: a job stopped in the run's last seconds is in the journal
        // by then, and whether it is still queued must be judged on that final state.
        boolean lastPass = false;
        while (!lastPass) {
            lastPass = !server.isAlive() || System.currentTimeMillis() >= deadline;
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal)) {
                    JsonNode e = JSON.readTree(line);
                    if (e.path("e").asText().equals("job_submitted")) {
                        handles.put(e.path("id").asText(), e.path("handle").asText());
                    } else if (line.contains("\"source\":\"killed_early\"")) {
                        stoppedAt.putIfAbsent(e.path("id").asText(), System.currentTimeMillis());
                    }
                }
            }
            List<String> live = LocalSlurm.liveJobs(name).stream().map(l -> l.split("\\|")[0]).toList();
            for (Map.Entry<String, Long> s : stoppedAt.entrySet()) {
                String slurmId = handles.get(s.getKey());
                if (!live.contains(slurmId)) {
                    leftTheQueue.add(s.getKey());
                } else {
                    assertTrue(System.currentTimeMillis() - s.getValue() < 20_000,
                            "job " + s.getKey() + " (Slurm " + slurmId + ") is still in the queue 20 s after it was stopped: " + live);
                }
            }
            if (!lastPass) {
                Thread.sleep(300);
            }
        }
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the run ended");
        String all = Files.readString(tmp.resolve("out.txt")) + Files.readString(tmp.resolve("err.txt"));
        assertEquals(0, server.exitValue(), all);
        assertFalse(stoppedAt.isEmpty(), "some of the 10 points train hopelessly: " + all);
        assertTrue(stoppedAt.size() < 10, "not all");
        // a job stopped in the run's last second may still be completing (state CG, its processes being
        // killed) when the server exits: it too gets its 20 s to leave the queue
        List<String> lastSeen = List.of();
        while (!leftTheQueue.equals(stoppedAt.keySet())) {
            lastSeen = LocalSlurm.liveJobs(name);
            List<String> ids = lastSeen.stream().map(l -> l.split("\\|")[0]).toList();
            long now = System.currentTimeMillis();
            boolean late = false;
            for (Map.Entry<String, Long> s : stoppedAt.entrySet()) {
                if (!ids.contains(handles.get(s.getKey()))) {
                    leftTheQueue.add(s.getKey());
                } else if (now - s.getValue() >= 20_000) {
                    late = true;
                }
            }
            if (late) {
                break;
            }
            Thread.sleep(300);
        }
        assertEquals(stoppedAt.keySet(), leftTheQueue, "every stopped job left the queue within 20 s: " + lastSeen);
        for (String id : stoppedAt.keySet()) {
            assertFalse(Files.exists(tmp.resolve("res/" + name + "/working_directories/" + id + "/metrics.csv")),
                    "job " + id + " was stopped, yet it trained to its end");
        }
        assertEquals(List.of(), LocalSlurm.liveJobs(name));
        assertEquals(11, Files.readAllLines(tmp.resolve("res/" + name + "/all_data.csv")).size(), "stopped points are rows too");
    }
}
