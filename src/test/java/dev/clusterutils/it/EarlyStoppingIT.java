package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping with real trainings (examples/early-stopping/train.py) on the local backend. */
class EarlyStoppingIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void aGridSkipsTheRestOfHopelessPointsTraining() throws Exception {
        Path file = tmp.resolve("grid.toml");
        Files.writeString(file, String.join("\n",
                "optimization_procedure_name = \"grid_asha\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"examples/early-stopping/train.py\"",
                "remove_working_dirs = false",
                "restarts = 1",
                "kill_bad_jobs_early = true",
                "[early_killing_params]",
                "method = \"asha\"",
                "metric = \"val_loss\"",
                "resource_key = \"epoch\"",
                "max_reports = 9",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "epochs = 9",
                "epoch_seconds = 0.15",
                "[[hyperparam_list]]",
                "param = \"learning_rate\"",
                "values = [0.0001, 0.001, 0.01, 0.1, 0.3]",
                "[[hyperparam_list]]",
                "param = \"alpha\"",
                "values = [0.000001, 0.001, 0.03]", ""));
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--max-jobs", "3", file.toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        Path dir = tmp.resolve("res/grid_asha");
        List<String> killed = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("journal.jsonl"))) {
            if (line.contains("\"source\":\"killed_early\"")) {
                killed.add(new ObjectMapper().readTree(line).get("id").asText());
            }
        }
        assertFalse(killed.isEmpty(), "some of the 15 points train hopelessly");
        assertTrue(killed.size() < 15, "not all");
        for (String id : killed) {
            assertFalse(Files.exists(dir.resolve("working_directories/" + id + "/metrics.csv")), "job " + id + " ran to its end");
        }
        assertEquals(16, Files.readAllLines(dir.resolve("all_data.csv")).size(), "stopped points are rows too");
        assertTrue(Files.readString(dir.resolve("cluster_run.log")).contains("is not among the best"));
    }
}
