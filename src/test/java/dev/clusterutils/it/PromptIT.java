package dev.clusterutils.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** A lone ESC, then (as a person types) the command a moment later. */
    private void type(String line) throws Exception {
        int before = screen().split("Enter command", -1).length;
        keys.write(0x1b);
        keys.flush();
        Thread.sleep(400);
        long deadline = System.currentTimeMillis() + 10_000;
        while (screen().split("Enter command", -1).length == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(screen().split("Enter command", -1).length > before, "ESC opened the prompt:\n" + screen());
        keys.write(line.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /**
     * Every drawing of the progress line (the text between two carriage returns) fits in
     * {@code columns - 1}, so it never wraps; and few progress lines survive on screen: the
     * final one and one left above each opening of the prompt.
     */
    static void assertProgressFits(String screen, int columns, int promptsOpened) {
        String plain = screen.replaceAll("\u001b\\[[0-9;?]*[ -/]*[@-~]", "").replaceAll("\u001b[@-Z\\\\-_]", "");
        int survivors = 0;
        for (String line : plain.split("\n", -1)) {
            for (String drawing : line.split("\r")) {
                if (drawing.contains(" done")) {
                    assertTrue(drawing.length() <= columns - 1, "a progress line of " + drawing.length() + " columns: '"
                            + drawing + "'");
                }
            }
            String[] drawings = line.split("\r");
            if (drawings.length > 0 && drawings[drawings.length - 1].contains(" done")) {
                survivors++;
            }
        }
        assertTrue(survivors >= 1 && survivors <= promptsOpened + 2, survivors + " progress lines stayed on screen:\n" + plain);
    }

    private OutputStream keys;

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
        // a pty of 80 columns, as a new user's terminal: the progress line must fit it
        String command = String.join(" ", "stty cols 80 rows 24;", "exec", Cli.javaBin(), "-jar", Cli.jar().toString(),
                "grid_search", "--backend", "local",
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
        keys = p.getOutputStream();
        Path journal = tmp.resolve("res/prompt/journal.jsonl");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && !(Files.exists(journal) && Files.readString(journal).split("job_started", -1).length - 1 >= 2)) {
            Thread.sleep(100);
        }
        waitFor("running", 10_000); // the progress line is drawn

        // arrow and function keys send escape sequences: they must not open the prompt
        keys.write("\u001b[A\u001b[B\u001bOP\u001b[1;5C".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        Thread.sleep(1500);
        assertFalse(screen().contains("Enter command"), "an arrow key opened the prompt:\n" + screen());

        type("list_running_jobs\n");
        waitFor("List of running jobs:", 10_000);
        type("show_job\n");
        waitFor("Enter ID", 10_000);
        keys.write("0\n".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        // which two of the six jobs hold the two slots depends on the order of submissions: job 0 may still wait
        waitFor("Job 0, iteration 0: ", 10_000);
        waitFor("parameters  : {'x': 1, 'seconds': 30}", 10_000);
        waitFor("times       : created ", 10_000);
        waitFor("last error  : (none)", 10_000);
        type("show_job 9\n");
        waitFor("No job 9; job ids go from 0 to 5.", 10_000);
        type("frobnicate\n");
        waitFor("Unknown command 'frobnicate'. Commands: list_jobs", 10_000);
        type("stop_remaining_jobs\n");
        waitFor("Are you sure", 10_000);
        keys.write("y\n".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        waitFor("Cancelled all remaining jobs (6)", 10_000);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the run ended after stop_remaining_jobs:\n" + screen());
        assertEquals(0, p.exitValue(), screen());
        assertProgressFits(screen(), 80, 5);
        assertTrue(screen().contains("Results are stored in "), screen());
        String text = Files.readString(journal);
        assertTrue(text.contains("\"status\":\"stopped\""), text);
        assertEquals(0, text.split("job_succeeded", -1).length - 1, "the sleeping jobs were cancelled, none finished");
        assertTrue(ProcessHandle.allProcesses().noneMatch(h -> h.info().commandLine()
                .map(c -> c.contains("count_runs.py") && c.contains(tmp.toString())).orElse(false)), "no job left running");
    }
}
