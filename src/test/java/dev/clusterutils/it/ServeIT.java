package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --inbox DIR} as a user starts it: the shaded jar in its own JVM, settings files
 * dropped into the folder, real Python jobs, SIGTERM and SIGKILL.
 */
class ServeIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private Process server;

    @AfterEach
    void killServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path inbox() {
        return tmp.resolve("inbox");
    }

    private Process serve(String name, String... more) throws Exception {
        Files.createDirectories(inbox());
        List<String> args = new java.util.ArrayList<>(List.of("serve", "--inbox", inbox().toString(), "--backend", "local",
                "-p", "cu.inbox.poll-ms=200", "-p", "cu.inbox.status-ms=300"));
        args.addAll(List.of(more));
        server = cli().home(tmp).cwd(REPO).args(args.toArray(String[]::new)).start(tmp.resolve(name + ".out"), tmp.resolve(name + ".err"));
        await(() -> output(name).contains("Watching " + inbox()), 30_000, "the server did not start: " + name);
        return server;
    }

    private String output(String name) {
        try {
            Path out = tmp.resolve(name + ".out");
            Path err = tmp.resolve(name + ".err");
            return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : "");
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(BooleanSupplier condition, long millis, String message) throws InterruptedException {
        await(condition, millis, () -> message);
    }

    private static void await(BooleanSupplier condition, long millis, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(message.get());
            }
            Thread.sleep(100);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static long count(String text, String what) {
        return text.split(what, -1).length - 1;
    }

    /** A grid of the counting job: {@code n} jobs of {@code seconds} each, working dirs kept. */
    private String countingGrid(String name, int n, double seconds) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < n; i++) {
            values.append(i == 0 ? "" : ", ").append(i);
        }
        return String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/count_runs.py\"",
                "remove_working_dirs = false",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "seconds = " + seconds,
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [" + values + "]", "");
    }

    private String basicGrid(String name) throws IOException {
        return Files.readString(REPO.resolve("examples/basic/grid_search.toml"))
                .replace("optimization_procedure_name = \"basic_grid\"", "optimization_procedure_name = \"" + name + "\"")
                .replace("results_dir = \"cluster_utils_results\"", "results_dir = \"" + tmp.resolve("res") + "\"");
    }

    @Test
    void aValidFileRunsABrokenOneIsRejectedAndTheServerKeepsServing() throws Exception {
        serve("s1");
        Files.writeString(inbox().resolve("broken.json"), "{\"optimization_procedure_name\": \"broken\", \"results_dir\": \""
                + tmp.resolve("res") + "\", \"script_relative_path\": \"x.py\", \"environment_setup\": {}, \"cluster_requirments\": {},"
                + " \"fixed_params\": {}, \"hyperparam_list\": []}");
        Path problems = inbox().resolve(".failed/broken.json.problems.txt");
        await(() -> Files.exists(problems), 30_000, "broken.json was not rejected\n" + output("s1"));
        String listed = read(problems);
        assertTrue(listed.contains("- restarts: missing required key"), listed);
        assertTrue(listed.contains("- cluster_requirments: unknown key 'cluster_requirments'; did you mean 'cluster_requirements'?"), listed);
        assertTrue(listed.contains("- cluster_requirements: missing required key"), listed);
        assertTrue(listed.contains("3 problems; nothing was run."), listed);
        assertFalse(Files.exists(tmp.resolve("res/broken")), "nothing written for a rejected file");

        // still serving: overrides from the sidecar (written first), then the settings file
        Files.writeString(inbox().resolve("grid.toml.overrides"), "# quick\nfixed_params.sleep_seconds=0.0\nrestarts=1\n");
        Files.writeString(inbox().resolve("grid.toml"), basicGrid("served"));
        Path done = inbox().resolve(".done/grid.toml");
        await(() -> Files.exists(done), 120_000, "grid.toml was not done\n" + output("s1"));
        assertTrue(Files.exists(inbox().resolve(".done/grid.toml.overrides")));
        assertTrue(read(inbox().resolve(".done/grid.toml.outcome.json")).contains("\"outcome\" : \"finished\""));
        List<String> rows = Files.readAllLines(tmp.resolve("res/served/all_data.csv"));
        assertEquals(10, rows.size(), "3 x 3 grid, restarts=1 from the sidecar: " + rows);
        assertTrue(output("s1").contains("Done grid.toml"), output("s1"));

        await(() -> read(inbox().resolve(".status.json")).contains("\"done\" : \"1\""), 10_000,
                () -> "status: " + read(inbox().resolve(".status.json")));
        String now = read(inbox().resolve(".status.json"));
        assertTrue(now.contains("\"state\" : \"UP\""), now);
        assertTrue(now.contains("\"cu-inbox-folder\" : {") && now.contains("\"cu-runs\" : {"), now);

        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM");
        assertEquals(0, server.exitValue(), output("s1"));
        assertTrue(output("s1").contains("Stopped."), output("s1"));
    }

    @Test
    void aFileWhoseResultsDirAnotherProcessRunsIntoWaitsForItQuietly() throws Exception {
        // another process's run holds the results dir: the command line's lock, taken here by a python3 process
        Path res = Files.createDirectories(tmp.resolve("res"));
        Process other = new ProcessBuilder("python3", "-c", String.join("\n",
                "import fcntl, os, sys",
                "f = open(sys.argv[1], 'a+')",
                "fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)",
                "f.truncate(0); f.write('pid %d\\n' % os.getpid()); f.flush()",
                "print('locked', flush=True)",
                "sys.stdin.read()"), res.resolve(".held.lock").toString()).redirectErrorStream(true).start();
        try {
            assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream())).readLine());
            serve("s5");
            Files.writeString(inbox().resolve("grid.toml.overrides"), "fixed_params.sleep_seconds=0.0\nrestarts=1\n");
            Files.writeString(inbox().resolve("grid.toml"), basicGrid("held"));
            await(() -> output("s5").contains("Waiting: grid.toml"), 30_000, () -> "no wait\n" + output("s5"));
            Thread.sleep(2000); // ten polls
            assertEquals(1, count(output("s5"), "Taking grid.toml"), "tried once, then left alone: " + output("s5"));
            assertEquals(1, count(output("s5"), "Waiting: grid.toml"), output("s5"));
            assertTrue(output("s5").contains("(process " + other.pid() + ")"), output("s5"));
            assertTrue(Files.exists(inbox().resolve("grid.toml")), "the file stays in the folder");
            assertFalse(Files.exists(res.resolve("held")), "nothing written");
        } finally {
            other.destroyForcibly();
            other.waitFor(10, TimeUnit.SECONDS);
        }
        await(() -> Files.exists(inbox().resolve(".done/grid.toml")), 120_000, () -> "not run after the lock went\n" + output("s5"));
        assertEquals(10, Files.readAllLines(res.resolve("held/all_data.csv")).size());
    }

    @Test
    void aFileStillBeingWrittenIsNotTakenUntilItIsComplete() throws Exception {
        serve("s2", "-p", "cu.inbox.settle-ms=1500");
        Path file = inbox().resolve("slow.toml");
        String content = basicGrid("slow") + "\n";
        String[] lines = content.split("\n");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line + "\n");
                w.flush();
                Thread.sleep(100);
                assertTrue(Files.exists(file), "taken while being written");
                assertFalse(Files.exists(inbox().resolve(".failed/slow.toml")), "taken half-written and rejected");
            }
        }
        // the write-then-rename convention: a dot file is never taken, the renamed one is
        Path hidden = inbox().resolve(".renamed.toml");
        Files.writeString(hidden, basicGrid("renamed").replace("restarts = 2", "restarts = 1"));
        Thread.sleep(2500);
        assertTrue(Files.exists(hidden), "a dot file is never taken");
        Files.move(hidden, inbox().resolve("renamed.toml"));

        await(() -> Files.exists(inbox().resolve(".done/slow.toml")) && Files.exists(inbox().resolve(".done/renamed.toml")),
                180_000, "not done\n" + output("s2"));
        assertEquals(19, Files.readAllLines(tmp.resolve("res/slow/all_data.csv")).size());
        assertEquals(10, Files.readAllLines(tmp.resolve("res/renamed/all_data.csv")).size());
        assertFalse(Files.exists(inbox().resolve(".failed/slow.toml")));
    }

    @Test
    void sigtermStopsTheRunsCleanlyAndTheNextStartContinuesThem() throws Exception {
        serve("s3", "--max-jobs", "2");
        Files.writeString(inbox().resolve("count.toml"), countingGrid("counted", 8, 1.5));
        Path journal = tmp.resolve("res/counted/journal.jsonl");
        await(() -> count(read(journal), "job_succeeded") >= 2 && count(read(journal), "job_started") >= 4, 90_000,
                "no progress\n" + output("s3"));
        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM");
        assertEquals(0, server.exitValue(), output("s3"));
        assertTrue(read(journal).contains("\"status\":\"interrupted\""), read(journal));
        assertTrue(Files.exists(inbox().resolve(".running/count.toml")), "kept to continue");
        assertEquals(0, ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("count_runs.py") && c.contains(tmp.toString())).orElse(false)).count(), "no job left running");
        long succeededBefore = count(read(journal), "job_succeeded");

        serve("s4", "--max-jobs", "2");
        await(() -> Files.exists(inbox().resolve(".done/count.toml")), 120_000, "not continued\n" + output("s4"));
        String after = read(journal);
        assertEquals(8, count(after, "job_succeeded"), "every job succeeded exactly once: " + after);
        assertEquals(1, count(after, "run_resumed"));
        assertTrue(output("s4").contains("Continuing count.toml"), output("s4"));
        assertTrue(succeededBefore >= 2);
        assertEquals(9, Files.readAllLines(tmp.resolve("res/counted/all_data.csv")).size());
    }

    @Test
    void aCrashedServerDoesNotRunAFileTwice() throws Exception {
        serve("s5", "--max-jobs", "2");
        Files.writeString(inbox().resolve("crash.toml"), countingGrid("crashed", 6, 1.5));
        Path journal = tmp.resolve("res/crashed/journal.jsonl");
        await(() -> count(read(journal), "job_succeeded") >= 2 && count(read(journal), "job_started") >= 3, 90_000,
                "no progress\n" + output("s5"));
        server.destroyForcibly(); // SIGKILL: no cleanup of any kind
        assertTrue(server.waitFor(10, TimeUnit.SECONDS));

        serve("s6", "--max-jobs", "2");
        await(() -> Files.exists(inbox().resolve(".done/crash.toml")), 120_000, "not continued\n" + output("s6"));
        assertEquals(6, count(read(journal), "job_succeeded"), read(journal));
        for (int job = 0; job < 6; job++) {
            String starts = read(tmp.resolve("res/crashed/working_directories/" + job + "/starts.txt"));
            assertEquals(1, count(starts, "start"), "job " + job + " ran once (jobs alive at the crash are followed again)");
        }
        server.destroy();
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));

        // a third start finds nothing to do: the file is in .done, the results are not touched
        String journalBefore = read(journal);
        serve("s7");
        Thread.sleep(2000);
        assertEquals(journalBefore, read(journal));
        assertFalse(output("s7").contains("Taking"), output("s7"));
    }
}
