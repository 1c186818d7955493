package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, defect 6: the results dir is deleted, replaced by a file, or made read-only while real
 * jobs run. The run must end as failed (exit 1) with the reason, its jobs stopped, and never say
 * "Procedure successfully finished".
 */
class ResultsDirLostIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private interface Damage {
        void apply(Path resultsDir) throws Exception;
    }

    private String runAndDamage(Damage damage) throws Exception {
        Path settings = tmp.resolve("lost.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"lost\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/count_runs.py\"",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "seconds = 20",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [0, 1, 2, 3]", ""));
        Path dir = tmp.resolve("res/lost");
        Process server = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--max-jobs", "2",
                settings.toString()).start(tmp.resolve("out"), tmp.resolve("err"));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && !(Files.exists(dir.resolve("journal.jsonl"))
                && Files.readString(dir.resolve("journal.jsonl")).contains("job_started"))) {
            Thread.sleep(50);
        }
        damage.apply(dir);
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the run ended by itself");
        String out = Files.readString(tmp.resolve("out")) + Files.readString(tmp.resolve("err"));
        assertEquals(1, server.exitValue(), out);
        assertFalse(out.contains("Procedure successfully finished"), out);
        // "all jobs were cancelled" when the check came first; the jobs, whose working dirs are in the
        // results dir, may fail before it does, and then the run's end gives the same reason
        assertTrue(out.contains("The run failed"), out);
        assertFalse(out.contains("no job results are available"), out);
        Thread.sleep(500);
        assertTrue(ProcessHandle.allProcesses().noneMatch(h -> h.info().commandLine()
                .map(c -> c.contains("count_runs.py") && c.contains(tmp.toString())).orElse(false)), "no job is left running");
        return out;
    }

    @Test
    void aDeletedResultsDirFailsTheRun() throws Exception {
        String out = runAndDamage(dir -> {
            // the live jobs write into their working dirs under it meanwhile: delete again, as rm -rf run twice would
            for (int attempt = 1; ; attempt++) {
                try {
                    dev.clusterutils.run.FileTrees.delete(dir);
                    break;
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    if (attempt == 20) {
                        throw e;
                    }
                }
            }
        });
        assertTrue(out.contains("was deleted"), out);
    }

    @Test
    void aResultsDirReplacedByAFileFailsTheRun() throws Exception {
        String out = runAndDamage(dir -> {
            Files.move(dir, tmp.resolve("moved-away"));
            Files.writeString(dir, "not a dir");
        });
        assertTrue(out.contains("was replaced by a file"), out);
    }

    @Test
    void aResultsDirMadeReadOnlyFailsTheRunEvenForRoot() throws Exception {
        String out = runAndDamage(dir -> Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------")));
        assertTrue(out.contains("no longer writable"), out);
        assertTrue(Files.readString(tmp.resolve("res/lost/metadata.json")).contains("no longer writable"),
                "the reason reaches metadata.json where it can still be written");
    }
}
