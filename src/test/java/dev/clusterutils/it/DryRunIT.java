package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --backend dryrun} through the jar: Slurm's files are written and kept, nothing runs, exit code 0. */
class DryRunIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    static Path jobsDir(Path cache) throws Exception {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith("-jobs")).findFirst().orElseThrow();
        }
    }

    @Test
    void aDryRunWritesEverySbatchScriptAndEndsCleanly() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "examples/basic/grid_search.toml", "--backend", "dryrun",
                "--slurm-array", "results_dir=\"" + tmp.resolve("res") + "\"", "cluster_requirements.partition=\"gpu\"",
                "cluster_requirements.request_time=\"2:00:00\"").run();
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("Dry run: the scripts and submission files of 18 job(s) are in "), r.stdout());
        Path jobs = jobsDir(tmp.resolve("cache"));
        try (Stream<Path> s = Files.list(jobs)) {
            assertEquals(18, s.filter(p -> p.getFileName().toString().matches("job_\\d+_\\d+\\.sh")).count(), "kept despite remove_jobs_dir");
        }
        String first = Files.readString(jobs.resolve("job_0_0.sh"));
        assertTrue(first.contains("#SBATCH --partition=gpu\n") && first.contains("\nsrun python3 "), first);
        assertTrue(Files.readString(jobs.resolve("array_0.sh")).contains("#SBATCH --array=0-17\n"));
        List<String> commands = Files.readAllLines(jobs.resolve("submit_commands.sh"));
        assertEquals(1, commands.stream().filter(l -> l.contains("sbatch")).count(), "one sbatch for the array: " + commands);
        String journal = Files.readString(tmp.resolve("res/basic_grid/journal.jsonl"));
        assertEquals(18, journal.split("\"job_not_run\"", -1).length - 1);
        assertTrue(journal.contains("\"status\":\"finished\""), journal);
    }

    @Test
    void missingSlurmKeysAreOneClearErrorBeforeAnythingIsSubmitted() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "examples/basic/grid_search.toml", "--backend", "dryrun",
                "results_dir=\"" + tmp.resolve("res") + "\"").run();
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("'cluster_requirements' settings for Slurm require a value for 'partition' but none is provided."),
                r.stderr());
        assertTrue(r.stderr().contains("'request_time'"), r.stderr());
        try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().matches("job_.*\\.sh")), "no script written");
        }
    }
}
