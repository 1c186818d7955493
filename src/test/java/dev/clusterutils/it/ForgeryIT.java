package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, defect 7: another local user who sees the jobs' command lines in {@code ps} (their
 * tokens and the server's address) sends forged datagrams. On the local backend none of them may
 * change a job's results, fail it or make it run again. The forger runs as user nobody where the
 * test runs as root, so it can read nothing of the run but {@code ps}.
 */
class ForgeryIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void aLocalUserWhoReadsPsCannotForgeResultsOrFailJobs() throws Exception {
        Path settings = tmp.resolve("forge.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"forge\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/count_runs.py\"",
                "remove_working_dirs = false",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "seconds = 4",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [0, 1, 2]", ""));
        Process server = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--max-jobs", "3",
                settings.toString()).start(tmp.resolve("out"), tmp.resolve("err"));

        List<String> forger = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            forger.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        // the script goes in by -c: user nobody may not be able to read the repository
        // nobody cannot use root's pyenv shims: the system's interpreter
        forger.addAll(List.of(root && Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3", "-c", Files.readString(REPO.resolve("src/test/resources/jobs/forger.py")),
                tmp.resolve("res").toString(), "3"));
        Process f = new ProcessBuilder(forger).directory(new java.io.File("/")).redirectErrorStream(true).start();
        assertTrue(f.waitFor(90, TimeUnit.SECONDS));
        String forgerOut = new String(f.getInputStream().readAllBytes());
        assertEquals(0, f.exitValue(), forgerOut);
        assertTrue(forgerOut.contains("sent 5 datagrams"), forgerOut);

        assertTrue(server.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(tmp.resolve("out")) + Files.readString(tmp.resolve("err"));
        Path journal = tmp.resolve("res/forge/journal.jsonl");
        String lines = Files.readString(journal);
        assertEquals(0, server.exitValue(), out + lines);

        ObjectMapper json = new ObjectMapper();
        int succeeded = 0;
        for (String line : lines.split("\n")) {
            JsonNode e = json.readTree(line);
            assertTrue(!"job_failed".equals(e.path("e").asText()) && !"job_resubmitting".equals(e.path("e").asText()),
                    "no job failed or ran again: " + line);
            if ("job_succeeded".equals(e.path("e").asText())) {
                succeeded++;
                assertEquals(e.get("id").asLong() * 10, e.get("metrics").get("value").asLong(), "the job's own result: " + line);
            }
        }
        assertEquals(3, succeeded, lines);
        for (int id = 0; id < 3; id++) {
            assertEquals(1, Files.readAllLines(tmp.resolve("res/forge/working_directories/" + id + "/starts.txt")).size());
        }
        JsonNode meta = json.readTree(tmp.resolve("res/forge/metadata.json").toFile());
        assertTrue(meta.get("rejected_messages").asLong() >= 1, meta.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("res/forge"))));
    }
}
