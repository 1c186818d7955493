package dev.clusterutils.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyboard prompt and the live progress line on a real pseudo-terminal (util-linux script). */
class PromptIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    private void waitFor(String text, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!screen().contains(text) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(screen().contains(text), "expected '" + text + "' on the terminal:\n" + screen());
    }

    @Test
    void escOpensThePromptAndStopRemainingJobsCancelsEverything() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is needed for a pty");
        Path settings = tmp.resolve("prompt.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"prompt\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/count_runs.py\"",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "seconds = 30",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1, 2, 3, 4, 5, 6]", ""));
        String command = String.join(" ", Cli.javaBin(), "-jar", Cli.jar().toString(), "grid_search", "--backend", "local",
                "--max-jobs", "2", settings.toString());
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(REPO.toFile());
        pb.environment().put("HOME", tmp.toString());
        pb.environment().put("CLUSTER_UTILS_CACHE_DIR", tmp.resolve("cache").toString());
        pb.environment().put("TERM", "xterm");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (screen) {
                        screen.write(buf, 0, n);
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        OutputStream keys = p.getOutputStream();
        Path journal = tmp.resolve("res/prompt/journal.jsonl");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && !(Files.exists(journal) && Files.readString(journal).split("job_started", -1).length - 1 >= 2)) {
            Thread.sleep(100);
        }
        waitFor("running", 10_000); // the progress line is drawn

        keys.write("\u001blist_running_jobs\n".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        waitFor("List of running jobs:", 10_000);
        keys.write("\u001bshow_job\n0\n".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        // which two of the six jobs hold the two slots depends on the order of submissions: job 0 may still wait
        waitFor("id : 0", 10_000);
        waitFor("cluster_id : local-", 10_000);
        keys.write("\u001bstop_remaining_jobs\ny\n".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        waitFor("Cancelled all remaining jobs (6)", 10_000);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the run ended after stop_remaining_jobs:\n" + screen());
        assertEquals(0, p.exitValue(), screen());
        String text = Files.readString(journal);
        assertTrue(text.contains("\"status\":\"stopped\""), text);
        assertEquals(0, text.split("job_succeeded", -1).length - 1, "the sleeping jobs were cancelled, none finished");
        assertTrue(ProcessHandle.allProcesses().noneMatch(h -> h.info().commandLine()
                .map(c -> c.contains("count_runs.py") && c.contains(tmp.toString())).orElse(false)), "no job left running");
    }
}
