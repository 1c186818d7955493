package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C while jobs run: every job process tree is stopped and the run exits with 130. */
class InterruptIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void ctrlCStopsEveryJobAndExitsWith130() throws Exception {
        Path settings = tmp.resolve("sleepy.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"sleepy\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/sleep_long.py\"",
                "restarts = 1",
                "local_run = true",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1, 2, 3, 4, 5, 6]", ""));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process server = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", settings.toString(), "--max-jobs", "2").start(out, err);
        Path journal = tmp.resolve("res/sleepy/journal.jsonl");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(journal) && Files.readString(journal).split("job_started", -1).length - 1 >= 2
                    && jobProcesses(server).size() >= 4) {
                break;
            }
            Thread.sleep(100);
        }
        // the job processes and their grandchildren, taken while they are the server's descendants:
        // other tests' (or a killed earlier run's) sleepers must not count
        List<ProcessHandle> jobs = jobProcesses(server);
        assertTrue(jobs.size() >= 4, "two jobs with grandchildren are running: " + jobs);
        assertFalse(Cli.ignoresInterrupt(server.pid()), "the server ignores SIGINT (inherited from a test JVM started in the background"
                + " of a non-interactive shell, and env(1) cannot reset it): Ctrl-C cannot be tested");
        new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            // what the server was doing is the only clue to a rare hang: its threads and its log go into the failure
            String threads = threadDump(server.pid());
            jobs.forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            String log = Files.exists(tmp.resolve("res/sleepy/cluster_run.log")) ? Files.readString(tmp.resolve("res/sleepy/cluster_run.log")) : "";
            fail("server did not end within 30 s of Ctrl-C\n--- out\n" + Files.readString(out) + "\n--- err\n" + Files.readString(err)
                    + "\n--- cluster_run.log\n" + log + "\n--- threads\n" + threads);
        }
        assertEquals(130, server.exitValue(), Files.readString(out) + Files.readString(err));
        long stopDeadline = System.currentTimeMillis() + 10_000;
        while (jobs.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < stopDeadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), jobs.stream().filter(ProcessHandle::isAlive).toList(), "no job process is left");
        String journalText = Files.readString(journal);
        assertTrue(journalText.contains("\"status\":\"interrupted\""), journalText);
        assertTrue(Files.readString(tmp.resolve("res/sleepy/metadata.json")).contains("\"interrupted\""));
    }

    private static String threadDump(long pid) {
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), Long.toString(pid))
                    .redirectErrorStream(true).start();
            String dump = new String(jstack.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jstack.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** The server's job processes and their sleeping grandchildren (which carry a marker in their command line). */
    private static List<ProcessHandle> jobProcesses(Process server) {
        return server.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("cu-sleep-marker") || c.contains("sleep_long.py")).orElse(false))
                .toList();
    }
}
