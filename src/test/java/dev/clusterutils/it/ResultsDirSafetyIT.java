package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run name or results_dir must never cost files: names that are not one folder name are refused
 * before anything is written, and "delete old results" deletes only a folder that holds a run.
 */
class ResultsDirSafetyIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path settings(String name, Path resultsDir) throws Exception {
        Path settings = tmp.resolve("settings.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"" + name.replace("\\", "\\\\") + "\"",
                "results_dir = \"" + resultsDir + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"examples/basic/rosenbrock_job.py\"",
                "restarts = 1",
                "local_run = true",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "sleep_seconds = 0.0",
                "noise = 0.0",
                "\"fn_args.y\" = 1.0",
                "[[hyperparam_list]]",
                "param = \"fn_args.x\"",
                "values = [1.0]", ""));
        return settings;
    }

    private static void anotherRun(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("all_data.csv"), "x\n1\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "../escape", "x\\y"})
    void aNameThatIsNotOneFolderIsRefusedAndNothingIsDeletedOrWritten(String name) throws Exception {
        Path res = tmp.resolve("res");
        anotherRun(res.resolve("other_run"));
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--yes",
                settings(name, res).toString()).run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("optimization_procedure_name"), r.stderr());
        assertTrue(Files.exists(res.resolve("other_run/all_data.csv")), "another run was deleted");
        try (var s = Files.list(tmp)) {
            assertEquals(2, s.count(), "only res/ and the settings file: nothing written");
        }
        try (var s = Files.list(res)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void aSecondProcessWithTheSameRunNameIsRefusedAndTheFirstRunKeepsItsResults() throws Exception {
        Path res = tmp.resolve("res");
        Path slow = tmp.resolve("slow.toml");
        Files.writeString(slow, Files.readString(settings("twice", res)).replace("sleep_seconds = 0.0", "sleep_seconds = 4.0"));
        Process first = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--yes", slow.toString())
                .start(tmp.resolve("first.out"), tmp.resolve("first.err"));
        try {
            Path journal = res.resolve("twice/journal.jsonl");
            long until = System.currentTimeMillis() + 30_000;
            while (!(Files.exists(journal) && Files.readString(journal).contains("job_submitted"))) {
                assertTrue(first.isAlive(), "the first run ended early: " + Files.readString(tmp.resolve("first.err")));
                assertTrue(System.currentTimeMillis() < until, "the first run submitted nothing within 30 s");
                Thread.sleep(50);
            }
            // --yes would have deleted the first run's results while it wrote them; --resume would have appended to its journal
            for (String mode : new String[] {"--yes", "--resume"}) {
                Cli.Result second = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", mode,
                        settings("twice", res).toString()).run();
                assertEquals(2, second.exitCode(), second.all());
                assertTrue(second.stderr().contains("is in use by another run (process " + first.pid() + ")"), second.stderr());
                assertFalse(second.stdout().contains("Delete everything?"), "no question about a live run's results: " + second.stdout());
            }
            assertTrue(first.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the first run did not end");
            assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("first.err")));
            assertEquals(2, Files.readAllLines(res.resolve("twice/all_data.csv")).size(), "the first run's row and the header");
        } finally {
            first.destroyForcibly();
        }
        // once it has ended, the name is free again
        Cli.Result again = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--yes",
                settings("twice", res).toString()).run();
        assertEquals(0, again.exitCode(), again.all());
    }

    @Test
    void aFolderThatHoldsNoRunIsNotDeletedEvenWithYes() throws Exception {
        Path res = tmp.resolve("res");
        Files.createDirectories(res.resolve("thesis"));
        Files.writeString(res.resolve("thesis/chapter1.tex"), "irreplaceable");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--yes",
                settings("thesis", res).toString()).run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("will not be deleted"), r.stderr());
        assertTrue(r.stderr().contains("does not look like the results of a run"), r.stderr());
        assertEquals("irreplaceable", Files.readString(res.resolve("thesis/chapter1.tex")));
    }

    @Test
    void aRunFolderThatHoldsTheCurrentFolderIsNotDeleted() throws Exception {
        Path res = tmp.resolve("res");
        anotherRun(res.resolve("work"));
        Path cwd = Files.createDirectories(res.resolve("work/project"));
        Files.copy(REPO.resolve("examples/basic/rosenbrock_job.py"), cwd.resolve("job.py"));
        Path settings = settings("work", res);
        Files.writeString(settings, Files.readString(settings).replace("examples/basic/rosenbrock_job.py", "job.py"));
        Cli.Result r = cli().home(tmp).cwd(cwd).args("grid_search", "--backend", "local", "--yes", settings.toString()).run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("it holds " + cwd), r.stderr());
        assertTrue(Files.exists(cwd.resolve("job.py")));
    }

    @Test
    void anOldRunIsReplacedWithYes() throws Exception {
        Path res = tmp.resolve("res");
        anotherRun(res.resolve("again"));
        Files.writeString(res.resolve("again/stale.txt"), "from the old run");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--yes",
                settings("again", res).toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        assertFalse(Files.exists(res.resolve("again/stale.txt")));
        assertEquals(2, Files.readAllLines(res.resolve("again/all_data.csv")).size());
    }
}
