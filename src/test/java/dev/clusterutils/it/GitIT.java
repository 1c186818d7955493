package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run_in_working_dir = false with real git: a bare "remote", the user's clone of it with
 * uncommitted changes, and jobs that report which version of the code they ran.
 */
class GitIT {
    static final Path CLIENT = Path.of("src/main/python").toAbsolutePath();

    @TempDir
    Path tmp;
    Path remote;
    Path work;
    String first;
    String second;

    static String git(Path dir, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=t@example.org"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
        return out;
    }

    private void commitVersion(int version, String message) throws Exception {
        Files.writeString(work.resolve("job.py"), String.join("\n",
                "from cluster_utils import initialize_job, finalize_job",
                "VERSION = " + version,
                "params = initialize_job()",
                "finalize_job({'version': VERSION}, params)", ""));
        git(work, "add", "job.py");
        git(work, "commit", "-q", "-m", message);
    }

    @BeforeEach
    void repositories() throws Exception {
        remote = tmp.resolve("remote.git");
        Files.createDirectories(remote);
        git(remote, "init", "-q", "--bare", "-b", "main");
        work = tmp.resolve("work");
        git(tmp, "clone", "-q", remote.toUri().toString(), "work");
        git(work, "checkout", "-q", "-b", "main");
        commitVersion(1, "version one");
        first = git(work, "rev-parse", "HEAD");
        commitVersion(2, "version two");
        second = git(work, "rev-parse", "HEAD");
        git(work, "push", "-q", "origin", "main");
        git(work, "checkout", "-q", "-b", "feature");
        commitVersion(3, "version three");
        git(work, "push", "-q", "origin", "feature");
        git(work, "checkout", "-q", "main");
        // the user's uncommitted change: jobs must not run it
        Files.writeString(work.resolve("job.py"), Files.readString(work.resolve("job.py")).replace("VERSION = 2", "VERSION = 99"));
    }

    private Path settings(String gitParams) throws Exception {
        Path file = tmp.resolve("settings.toml");
        Files.writeString(file, String.join("\n",
                "optimization_procedure_name = \"gitrun\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = false",
                "script_relative_path = \"job.py\"",
                "restarts = 1",
                "[git_params]",
                gitParams,
                "[environment_setup]",
                "[environment_setup.variables]",
                "PYTHONPATH = \"" + CLIENT + "\"",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"x\"",
                "values = [1, 2]", ""));
        return file;
    }

    private Cli.Result run(String gitParams, Path cwd) throws Exception {
        return cli().home(tmp).cwd(cwd).args("grid_search", "--backend", "local", "--yes", settings(gitParams).toString()).run();
    }

    private String versions() throws Exception {
        List<String> rows = Files.readAllLines(tmp.resolve("res/gitrun/all_data.csv"));
        int col = List.of(rows.get(0).split(",")).indexOf("version");
        return rows.subList(1, rows.size()).stream().map(r -> r.split(",")[col]).distinct().reduce((a, b) -> a + "+" + b).orElse("");
    }

    private JsonNode metadata() throws Exception {
        return new ObjectMapper().readTree(tmp.resolve("res/gitrun/metadata.json").toFile()).get("git");
    }

    @Test
    void aRunInTheWorkingDirRecordsItsHeadAndItsUncommittedDiff() throws Exception {
        Path file = settings("");
        Files.writeString(file, Files.readString(file).replace("run_in_working_dir = false", "run_in_working_dir = true"));
        Cli.Result r = cli().home(tmp).cwd(work).args("grid_search", "--backend", "local", "--yes", file.toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("99", versions(), "the jobs run the working copy as it is");
        JsonNode git = metadata();
        assertEquals(second, git.get("commit").asText());
        assertEquals("main", git.get("branch").asText());
        assertEquals("version two", git.get("commit_summary").asText());
        assertEquals("Test", git.get("author").asText());
        assertEquals(remote.toUri().toString(), git.get("url").asText());
        assertTrue(git.get("working_copy_dirty").asBoolean());
        assertTrue(Files.readString(Path.of(git.get("uncommitted_diff").asText())).contains("+VERSION = 99"));
    }

    @Test
    void withoutUrlTheJobsRunTheOriginsCommittedCodeAndTheDirtyTreeIsRecorded() throws Exception {
        Cli.Result r = run("", work);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("2", versions(), "the pushed main branch, not the uncommitted VERSION = 99");
        JsonNode git = metadata();
        assertEquals(second, git.get("commit").asText());
        assertEquals(remote.toUri().toString(), git.get("url").asText());
        assertEquals("main", git.get("branch").asText());
        assertEquals("version two", git.get("commit_summary").asText());
        assertEquals("Test", git.get("author").asText());
        assertTrue(git.get("commit_date").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), git.toString());
        assertTrue(git.get("working_copy_dirty").asBoolean());
        Path diff = Path.of(git.get("uncommitted_diff").asText());
        assertTrue(Files.readString(diff).contains("+VERSION = 99"));
        assertEquals(64, git.get("uncommitted_diff_sha256").asText().length());
        assertTrue(r.stderr().contains("uncommitted changes"), r.stderr());
        try (var s = Files.list(tmp.resolve("cache"))) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith("-project")), "remove_local_copy defaults to true");
        }
    }

    @Test
    void aBranchAndACommitAreHonoured() throws Exception {
        assertEquals(0, run("branch = \"feature\"", work).exitCode());
        assertEquals("3", versions());
        Cli.Result r = run("url = \"" + remote.toUri() + "\"\ncommit = \"" + first + "\"\nremove_local_copy = false", tmp);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("1", versions());
        assertEquals(first, metadata().get("commit").asText());
        try (var s = Files.list(tmp.resolve("cache"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith("-project")), "local copy kept");
        }
    }

    @Test
    void aCommitBeyondTheDepthIsFetchedDirectly() throws Exception {
        Cli.Result r = run("url = \"" + remote.toUri() + "\"\nbranch = \"main\"\ndepth = 1\ncommit = \"" + first + "\"", tmp);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("1", versions());
    }

    @Test
    void badGitParametersFailWithAMessageThatSaysWhatToChange() throws Exception {
        Cli.Result badBranch = run("url = \"" + remote.toUri() + "\"\nbranch = \"nope\"", tmp);
        assertEquals(2, badBranch.exitCode(), badBranch.all());
        assertTrue(badBranch.all().contains("Branch 'nope' does not exist"), badBranch.all());

        Cli.Result badCommit = run("url = \"" + remote.toUri() + "\"\ncommit = \"0123456789abcdef0123456789abcdef01234567\"", tmp);
        assertEquals(2, badCommit.exitCode(), badCommit.all());
        assertTrue(badCommit.all().contains("is not a valid revision"), badCommit.all());

        Path outside = Files.createDirectories(tmp.resolve("not-a-repo"));
        Cli.Result noRepo = run("", outside);
        assertEquals(2, noRepo.exitCode(), noRepo.all());
        assertTrue(noRepo.all().contains("No git repository given"), noRepo.all());
    }
}
