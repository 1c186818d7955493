package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/multi-objective for real: a Python job reporting two metrics through the cluster_utils
 * client, MOTPE on the local backend, the server killed with SIGKILL mid-run and resumed from the
 * journal; the tables must hold exactly the Pareto front of what the jobs reported.
 */
class MultiObjectiveIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final int JOBS = 16;

    @TempDir
    Path tmp;

    private Path settings(String name, String optimizer) throws Exception {
        String example = Files.readString(REPO.resolve("examples/multi-objective/hp_optimization.toml"));
        String body = example.replace("optimization_procedure_name = \"tradeoff_motpe\"", "optimization_procedure_name = \"" + name + "\"")
                .replace("results_dir = \"cluster_utils_results\"", "results_dir = \"" + tmp.resolve("res") + "\"")
                .replace("number_of_samples = 60", "number_of_samples = " + JOBS)
                .replace("n_jobs_per_iteration = 6", "n_jobs_per_iteration = 4")
                .replace("optimizer_str = \"tpe\"", "optimizer_str = \"" + optimizer + "\"\nremove_working_dirs = false")
                .replace("epoch_seconds = 0.02", "epoch_seconds = 0.3")
                .replace("minimize = [true, true]", "minimize = [true, false]")
                .replace("[optimizer_settings]", "[optimizer_settings]\nn_startup_trials = 4");
        assertTrue(body.contains(name) && body.contains("minimize = [true, false]"), "the example changed: " + body);
        Path file = tmp.resolve(name + ".toml");
        Files.writeString(file, body);
        return file;
    }

    private static long count(String text, String what) {
        return text.split(what, -1).length - 1;
    }

    /** (error, size) of every row of a table, by its header. */
    private static List<double[]> objectives(List<String> rows) {
        List<String> header = List.of(rows.get(0).split(","));
        int e = header.indexOf("error");
        int s = header.indexOf("size");
        List<double[]> out = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            out.add(new double[] {Double.parseDouble(c[e]), Double.parseDouble(c[s])});
        }
        return out;
    }

    /** error minimised, size maximised (the settings flip the example's second direction). */
    private static boolean dominates(double[] a, double[] b) {
        return a[0] <= b[0] && a[1] >= b[1] && (a[0] < b[0] || a[1] > b[1]);
    }

    @Test
    void aKilledMultiObjectiveRunResumesAndWritesItsFront() throws Exception {
        String name = "motpe";
        Path settings = settings(name, "tpe");
        Path dir = tmp.resolve("res/" + name);
        Path journal = dir.resolve("journal.jsonl");
        Process server = cli().home(tmp).cwd(REPO)
                .args("hp_optimization", "--backend", "local", "--max-jobs", "4", settings.toString())
                .start(tmp.resolve("out1"), tmp.resolve("err1"));
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline
                && !(Files.exists(journal) && count(Files.readString(journal), "job_succeeded") >= 6)) {
            Thread.sleep(50);
        }
        server.destroyForcibly(); // SIGKILL: no cleanup of any kind
        assertTrue(server.waitFor(10, TimeUnit.SECONDS));
        String before = Files.readString(journal);
        assertTrue(count(before, "job_succeeded") >= 6 && count(before, "job_succeeded") < JOBS,
                "killed mid-run: " + before + Files.readString(tmp.resolve("err1")));
        assertTrue(Files.exists(dir.resolve("pareto_front.csv")), "written at the first iteration already");

        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args("hp_optimization", "--backend", "local", "--max-jobs", "4", "--resume", settings.toString()).run();
        assertEquals(0, r.exitCode(), r.all() + Files.readString(journal));
        String after = Files.readString(journal);
        assertEquals(1, count(after, "run_resumed"));
        assertEquals(JOBS, count(after, "job_succeeded"), "every job succeeded exactly once");

        List<String> all = Files.readAllLines(dir.resolve("all_data.csv"));
        assertEquals(JOBS + 1, all.size(), String.join("\n", all));
        List<double[]> points = objectives(all);
        Set<Integer> expectedFront = new HashSet<>();
        for (int i = 0; i < points.size(); i++) {
            boolean dominated = false;
            for (double[] q : points) {
                dominated |= dominates(q, points.get(i));
            }
            if (!dominated) {
                expectedFront.add(i);
            }
        }
        List<String> front = Files.readAllLines(dir.resolve("pareto_front.csv"));
        List<double[]> frontPoints = objectives(front);
        assertEquals(expectedFront.size(), frontPoints.size(), String.join("\n", front));
        for (int i = 0; i < expectedFront.size(); i++) {
            // all_data.csv starts with the front
            assertTrue(expectedFront.contains(i), "row " + i + " of all_data.csv is on the front:\n" + String.join("\n", all));
        }
        List<String> reduced = Files.readAllLines(dir.resolve("reduced_data.csv"));
        assertTrue(reduced.get(0).endsWith(",pareto_rank"), reduced.get(0));
        assertTrue(reduced.get(1).endsWith(",0"), reduced.get(1));
        String out = r.all();
        assertTrue(out.contains("front " + expectedFront.size()), out);
        assertTrue(Files.size(dir.resolve("result.pdf")) > 10_000, "the report (generate_report = when_finished) was made");
        try (var kept = Files.list(dir.resolve("best_jobs"))) {
            assertTrue(kept.count() >= expectedFront.size(), "best_jobs keeps the front");
        }
    }

    @Test
    void gpRunsAsParEgo() throws Exception {
        Path settings = settings("pareto_gp", "gp");
        Files.writeString(settings, Files.readString(settings).replace("n_startup_trials = 4", "n_initial = 4")
                .replace("number_of_samples = " + JOBS, "number_of_samples = 8").replace("epoch_seconds = 0.3", "epoch_seconds = 0.02"));
        Cli.Result r = cli().home(tmp).cwd(REPO)
                .args("hp_optimization", "--backend", "local", "--max-jobs", "4", settings.toString()).run();
        Path dir = tmp.resolve("res/pareto_gp");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(8, count(Files.readString(dir.resolve("journal.jsonl")), "job_succeeded"));
        List<String> front = Files.readAllLines(dir.resolve("pareto_front.csv"));
        assertTrue(front.size() >= 2, String.join("\n", front));
    }

    @Test
    void aSingleMetricOptimizerIsRefusedNamingTheOnesThatCan() throws Exception {
        Path settings = settings("refused", "cem_metaoptimizer");
        Files.writeString(settings, Files.readString(settings).replace("n_startup_trials = 4",
                "num_jobs_in_elite = 4\nwith_restarts = false"));
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", settings.toString()).run();
        assertTrue(r.exitCode() != 0, r.all());
        assertTrue(r.all().contains("optimizer_str") && r.all().contains("optimizers for several metrics: " + String.join(", ", dev.clusterutils.optim.OptimizerFactory.multiObjectiveNames())), r.all());
    }
}
