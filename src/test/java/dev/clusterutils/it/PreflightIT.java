package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that cannot work is refused before any job and before anything is written, with the fix. */
class PreflightIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void aMissingScriptIsNamedWithItsBaseBeforeAnyJob() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--yes",
                "examples/basic/grid_search.toml", "script_relative_path=\"examples/basic/rosenbrok_job.py\"",
                "results_dir=\"" + tmp.resolve("res") + "\"").run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains(REPO.resolve("examples/basic/rosenbrok_job.py") + " does not exist (resolved against the current folder "
                + REPO), r.stderr());
        assertFalse(r.stdout().contains("Detailed logging"), r.stdout());
        assertFalse(Files.exists(tmp.resolve("res")));
        assertFalse(Files.exists(tmp.resolve(".cache")));
    }

    @Test
    void aGridFileGivenToHpOptimizationNamesTheOtherCommand() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", "--yes",
                "examples/basic/grid_search.toml", "results_dir=\"" + tmp.resolve("res") + "\"").run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("run it with `cluster-utils grid_search`"), r.stderr());
        assertFalse(r.stderr().contains("missing required key"), r.stderr());
        assertFalse(Files.exists(tmp.resolve("res")));
    }

    @Test
    void resultsThatCannotBeWrittenSayWhyBeforeAnyJob() throws Exception {
        Files.writeString(tmp.resolve("taken"), "a file where a folder should be");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--yes",
                "examples/basic/grid_search.toml", "results_dir=\"" + tmp.resolve("taken/res") + "\"").run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("results_dir: cannot write the results to " + tmp.resolve("taken/res/basic_grid") + ": "
                + tmp.resolve("taken") + " is a file, not a folder"), r.stderr());
        assertFalse(r.stdout().contains("Detailed logging"), r.stdout());
        assertFalse(Files.exists(tmp.resolve(".cache")));
    }

    @Test
    void settingsOfAnotherOptimizerAreIgnoredWithOneWarning() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", "--yes",
                "examples/rosenbrock/hp_optimization_cem.json", "optimizer_str=\"random\"", "optimization_setting.number_of_samples=4",
                "optimization_setting.n_jobs_per_iteration=2", "fixed_params.epoch_seconds=0.0", "generate_report=\"never\"",
                "results_dir=\"" + tmp.resolve("res") + "\"").run();
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("Warning: optimizer_settings: ignoring ") && r.stderr().contains("(cem_metaoptimizer)")
                && r.stderr().contains("not of 'random'"), r.stderr());
    }

    @Test
    void resumeSaysWhatChangedAndRefusesAChangedGrid() throws Exception {
        String[] base = {"grid_search", "--backend", "local", "examples/basic/grid_search.toml", "fixed_params.sleep_seconds=0.0",
                "results_dir=\"" + tmp.resolve("res") + "\""};
        assertEquals(0, cli().home(tmp).cwd(REPO).args(base).run().exitCode());
        Cli.Result same = cli().home(tmp).cwd(REPO).args(base).args("--resume").run();
        assertEquals(0, same.exitCode(), same.all());
        assertFalse(same.all().contains("changed"), same.all());

        Cli.Result noise = cli().home(tmp).cwd(REPO).args(base).args("--resume", "fixed_params.noise=0.5").run();
        assertEquals(0, noise.exitCode(), noise.all());
        assertTrue(noise.stdout().contains("Resuming with changed settings") && noise.stdout().contains("fixed_params.noise: 0.1 -> 0.5"),
                noise.stdout());

        Cli.Result grid = cli().home(tmp).cwd(REPO).args(base).args("--resume", "restarts=1").run();
        assertEquals(2, grid.exitCode(), grid.all());
        assertTrue(grid.stderr().contains("Cannot resume") && grid.stderr().contains("restarts: 2 -> 1"), grid.stderr());
    }
}
