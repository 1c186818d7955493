package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, defect 8: what real job processes leave behind or repeat. */
class JobProcessesIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path settings(String name, String script) throws Exception {
        return settings(name, script, "[0]");
    }

    private Path settings(String name, String script, String values) throws Exception {
        Path file = tmp.resolve(name + ".toml");
        Files.writeString(file, String.join("\n",
                "optimization_procedure_name = \"" + name + "\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/" + script + "\"",
                "remove_working_dirs = false",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = " + values, ""));
        return file;
    }

    private static long count(String text, String what) {
        return text.split(what, -1).length - 1;
    }

    @Test
    void aJobThatExitsForResumeInATightLoopFailsWithTheReason() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).timeout(Duration.ofSeconds(90))
                .args("grid_search", "--backend", "local", settings("loop", "always_resume.py").toString()).run();
        String journal = Files.readString(tmp.resolve("res/loop/journal.jsonl"));
        assertEquals(1, r.exitCode(), r.all());
        assertEquals(9, count(journal, "job_resubmitting"), "ten runs, nine resubmissions: " + journal);
        assertTrue(journal.contains("10 times in a row, each within 5 s"), journal);
    }

    /** Job 0 ends seconds before the run: its child must not wait for the run's end, nor outlive it. */
    @Test
    void aBackgroundProcessOfAJobEndsWithTheJob() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--max-jobs", "2",
                settings("fork", "fork_child.py", "[0, 1]").toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        for (int id = 0; id < 2; id++) {
            long pid = Long.parseLong(Files.readString(tmp.resolve("res/fork/working_directories/" + id + "/child.pid")).trim());
            Optional<ProcessHandle> child = ProcessHandle.of(pid);
            try {
                long deadline = System.currentTimeMillis() + 10_000;
                while (running(child) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(running(child), "job " + id + "'s child " + pid + " was stopped");
            } finally {
                child.ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Alive and not a zombie: a killed child re-parented to an init that does not reap stays listed. */
    private static boolean running(Optional<ProcessHandle> p) {
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.get().pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z' && p.get().info().commandLine().orElse("").contains("sleep");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
