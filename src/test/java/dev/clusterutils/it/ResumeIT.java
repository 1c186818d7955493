package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server killed with SIGKILL in the middle of a run, then started again with --resume. */
class ResumeIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path settings(String name, String mode) throws Exception {
        Path file = tmp.resolve(name + ".toml");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            values.append(i == 0 ? "" : ", ").append(i);
        }
        String body = String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/count_runs.py\"",
                "remove_working_dirs = false",
                mode.equals("grid") ? "restarts = 1" : "num_best_jobs_whose_data_is_kept = 2",
                mode.equals("grid") ? "" : "optimizer_str = \"" + (mode.equals("gp") ? "gp" : "random") + "\"",
                mode.equals("grid") ? "" : "[optimizer_settings]",
                // gp: the model (not the initial design) proposes from the third finished job on
                mode.equals("gp") ? "n_initial = 3" : "",
                mode.equals("grid") ? "" : "[optimization_setting]\nmetric_to_optimize = \"value\"\nminimize = true\n"
                        + "number_of_samples = 10\nn_jobs_per_iteration = 2",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "seconds = 1.5",
                mode.equals("grid") ? "[[hyperparam_list]]\nparam = \"x\"\nvalues = [" + values + "]"
                        : "[[optimized_params]]\nparam = \"x\"\ndistribution = \"IntNormal\"\nbounds = [0, 100]",
                "");
        Files.writeString(file, body);
        return file;
    }

    private static long count(String text, String what) {
        return text.split(what, -1).length - 1;
    }

    private void killMidRunAndResume(String name, String command, String mode) throws Exception {
        Path settings = settings(name, mode);
        Path journal = tmp.resolve("res/" + name + "/journal.jsonl");
        Process server = cli().home(tmp).cwd(REPO)
                .args(command, "--backend", "local", "--max-jobs", "2", settings.toString())
                .start(tmp.resolve("out1"), tmp.resolve("err1"));
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline
                && !(Files.exists(journal) && count(Files.readString(journal), "job_succeeded") >= 3
                && count(Files.readString(journal), "job_started") >= 5)) {
            Thread.sleep(50);
        }
        server.destroyForcibly(); // SIGKILL: no cleanup of any kind
        assertTrue(server.waitFor(10, TimeUnit.SECONDS));
        String before = Files.readString(journal);
        assertTrue(count(before, "job_succeeded") < 10, "killed before the end");

        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args(command, "--backend", "local", "--max-jobs", "2", "--resume", settings.toString()).run();
        assertEquals(0, r.exitCode(), r.all() + Files.readString(journal));

        String after = Files.readString(journal);
        assertEquals(1, count(after, "run_resumed"));
        assertEquals(10, count(after, "job_succeeded"), "every job succeeded exactly once");
        List<String> rows = Files.readAllLines(tmp.resolve("res/" + name + "/all_data.csv"));
        assertEquals(11, rows.size(), String.join("\n", rows));
        int idColumn = List.of(rows.get(0).split(",")).indexOf("_id");
        Set<String> ids = new HashSet<>();
        for (String row : rows.subList(1, rows.size())) {
            ids.add(row.split(",")[idColumn]);
        }
        assertEquals(10, ids.size(), "no duplicate rows");
        for (int id = 0; id < 10; id++) {
            Path starts = tmp.resolve("res/" + name + "/working_directories/" + id + "/starts.txt");
            assertEquals(1, Files.readAllLines(starts).size(), "job " + id + " started once (re-adopted, not re-run)");
        }
    }

    @Test
    void aKilledGridSearchResumesWithoutLosingOrRepeatingAJob() throws Exception {
        killMidRunAndResume("gridkill", "grid_search", "grid");
    }

    @Test
    void aKilledOptimizationResumesWithinItsBudget() throws Exception {
        killMidRunAndResume("hpokill", "hp_optimization", "hpo");
    }

    @Test
    void aKilledGpOptimizationResumesFromItsJournal() throws Exception {
        killMidRunAndResume("gpkill", "hp_optimization", "gp");
    }

    /**
     * Defect 4 of issue 16: a kill between a job's journal line and its process, or between its
     * process start and the line with its handle. The server stops itself at that point (a test
     * hook, so the window is hit every time) and is killed with SIGKILL there; the resumed run
     * must find the started job by its token instead of starting a second copy.
     */
    private void killInsideTheStartWindow(String name, String point, int n) throws Exception {
        Path settings = settings(name, "grid").getParent().resolve(name + ".toml");
        Files.writeString(settings, Files.readString(settings).replace("values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]",
                "values = [0, 1, 2, 3]").replace("seconds = 1.5", "seconds = 10"));
        // jobs of 10 s: the one started at the crash is still running when the resumed server (a new JVM) looks for it
        Path journal = tmp.resolve("res/" + name + "/journal.jsonl");
        Path marker = tmp.resolve("crashed-" + name);
        Process server = cli().home(tmp).cwd(REPO)
                .jvm("-Ddev.clusterutils.crash-at=" + point + ":" + n, "-Ddev.clusterutils.crash-marker=" + marker)
                .args("grid_search", "--backend", "local", "--max-jobs", "2", settings.toString())
                .start(tmp.resolve("out1"), tmp.resolve("err1"));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && !Files.exists(marker)) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(marker), "the server reached " + point + ": " + Files.readString(tmp.resolve("err1")));
        server.destroyForcibly(); // SIGKILL
        assertTrue(server.waitFor(10, TimeUnit.SECONDS));
        String before = Files.readString(journal);
        assertEquals(4, count(before, "job_created"), before);
        assertTrue(count(before, "job_submitted") < 4, "the crashed job's handle is not in the journal:\n" + before);

        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args("grid_search", "--backend", "local", "--max-jobs", "2", "--resume", settings.toString()).run();
        String after = Files.readString(journal);
        String log = Files.readString(tmp.resolve("res/" + name + "/cluster_run.log"));
        assertEquals(0, r.exitCode(), r.all() + after + log);
        assertEquals(4, count(after, "job_succeeded"), after + log);
        for (int id = 0; id < 4; id++) {
            Path starts = tmp.resolve("res/" + name + "/working_directories/" + id + "/starts.txt");
            assertEquals(1, Files.readAllLines(starts).size(), "job " + id + " ran its body once\n" + r.all() + after);
        }
        if (point.equals("job-started")) {
            assertTrue(Files.readString(tmp.resolve("res/" + name + "/cluster_run.log"))
                    .contains("its handle was never recorded: found it as"), "adopted by its token");
        }
    }

    @Test
    void aKillAfterTheIntentBeforeTheProcessRunsTheJobOnce() throws Exception {
        killInsideTheStartWindow("intentkill", "job-intent", 2);
    }

    @Test
    void aKillAfterTheProcessStartBeforeItsHandleIsJournaledAdoptsIt() throws Exception {
        killInsideTheStartWindow("startkill", "job-started", 2);
    }

    /** Issue 16, defect 8: a kill while the report is written leaves its temporary file; the next start removes it. */
    @Test
    void aKillWhileTheReportIsWrittenLeavesNoPartFileAfterTheNextStart() throws Exception {
        String name = "partkill";
        Path settings = settings(name, "grid");
        Files.writeString(settings, Files.readString(settings).replace("values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", "values = [0, 1]")
                .replace("seconds = 1.5", "seconds = 0.1").replace("restarts = 1", "restarts = 1\ngenerate_report = \"when_finished\""));
        Path dir = tmp.resolve("res/" + name);
        Path marker = tmp.resolve("crashed-" + name);
        Process server = cli().home(tmp).cwd(REPO)
                .jvm("-Ddev.clusterutils.crash-at=report-part:1", "-Ddev.clusterutils.crash-marker=" + marker)
                .args("grid_search", "--backend", "local", "--max-jobs", "2", settings.toString())
                .start(tmp.resolve("out1"), tmp.resolve("err1"));
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline && !Files.exists(marker)) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(marker), Files.readString(tmp.resolve("out1")) + Files.readString(tmp.resolve("err1")));
        server.destroyForcibly();
        assertTrue(server.waitFor(10, TimeUnit.SECONDS));
        java.util.function.Supplier<List<String>> parts = () -> {
            try (var files = Files.list(dir)) {
                return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertEquals(1, parts.get().size(), "the kill left the report's temporary file");

        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args("grid_search", "--backend", "local", "--max-jobs", "2", "--resume", settings.toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of(), parts.get(), "no .part file is left");
        assertTrue(Files.exists(dir.resolve(name + "_report.pdf")));
    }
}
