package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.condor.FakeCondor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid search through the shaded jar on the FAKE HTCondor (HTCondor itself cannot be installed
 * here): detection finds condor_q on PATH, commands go through Camel's exec component, and a job
 * that exits for resume is held and released by "HTCondor" while the server waits.
 */
class FakeCondorRunIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void aGridSearchWithAResumeRunsOnTheFakeHtCondor() throws Exception {
        FakeCondor condor = new FakeCondor(tmp, 4);
        Path settings = tmp.resolve("resume.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"condor_grid\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/resume_once.py\"",
                "restarts = 1",
                "remove_jobs_dir = false",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "request_gpus = 0",
                "memory_in_mb = 200",
                "bid = 5",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1, 2, 3]", ""));
        Cli.Builder b = cli().home(tmp).cwd(REPO).timeout(Duration.ofMinutes(3)).args("grid_search", settings.toString());
        for (Map.Entry<String, String> e : condor.environment().entrySet()) {
            b.env(e.getKey(), e.getValue());
        }
        Cli.Result r = b.run();
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("3/3 done (3 ok, 0 failed)"), r.stdout());
        Path dir = tmp.resolve("res/condor_grid");
        List<String> rows = Files.readAllLines(dir.resolve("all_data.csv"));
        assertEquals(4, rows.size());
        assertTrue(rows.get(1).contains(",2,"), "second start finished: " + rows.get(1));
        assertTrue(Files.readString(dir.resolve("cluster_run.log")).contains("CONDOR detected"));
        String journal = Files.readString(dir.resolve("journal.jsonl"));
        assertEquals(3, journal.split("\"job_submitted\"", -1).length - 1, "HTCondor resumes by itself: no resubmission");
        List<String> commands = condor.commands();
        assertEquals(3, commands.stream().filter(c -> c.startsWith("condor_submit_bid 5 ")).count(), commands.toString());
    }
}
