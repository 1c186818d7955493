package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Camel Main jar's properties: an application.properties beside the settings file, -D,
 * --property and the command line's own options, in that order of precedence; camel.main.*
 * adds the user's route files and excludes stages, so the YAML examples work from the command line.
 */
class PropertiesIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path settings(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("project"));
        String toml = Files.readString(REPO.resolve("examples/basic/grid_search.toml"))
                .replace("optimization_procedure_name = \"basic_grid\"", "optimization_procedure_name = \"" + name + "\"")
                .replace("results_dir = \"cluster_utils_results\"", "results_dir = \"" + tmp.resolve("res") + "\"")
                .replace("restarts = 2", "restarts = 1")
                .replace("sleep_seconds = 0.2", "sleep_seconds = 0.0");
        return Files.writeString(dir.resolve(name + ".toml"), toml);
    }

    private void properties(String... lines) throws Exception {
        Files.writeString(tmp.resolve("project/application.properties"), String.join("\n", lines) + "\n");
    }

    private String seedOf(String name) throws Exception {
        String journal = Files.readString(tmp.resolve("res/" + name + "/journal.jsonl"));
        int at = journal.indexOf("\"seed\":");
        return journal.substring(at + 7, journal.indexOf(',', at));
    }

    @Test
    void applicationPropertiesBesideTheSettingsAddRoutesAndRunOptions() throws Exception {
        Path settings = settings("props");
        properties("cu.backend=local", "cu.seed=7", "cu.max-jobs=1",
                "camel.main.routes-include-pattern=file:" + REPO.resolve("examples/camel/audit-and-notify.yaml"),
                "audit.dir=" + tmp.resolve("audit"));
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", settings.toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("7", seedOf("props"));
        assertEquals(10, Files.readAllLines(tmp.resolve("res/props/all_data.csv")).size());
        List<String> audit = Files.readAllLines(tmp.resolve("audit/audit.log"));
        assertEquals(9, audit.size(), "one audit line per job: " + audit);
        assertTrue(Files.readString(tmp.resolve("res/props/metadata.json")).contains("\"local\""));
    }

    @Test
    void commandLineOptionsBeatPropertyOptionsBeatSystemPropertiesBeatTheFile() throws Exception {
        Path settings = settings("order");
        properties("cu.seed=1", "cu.backend=local");
        Cli.Result fileOnly = cli().home(tmp).cwd(REPO).args("grid_search", settings.toString(), "--yes").run();
        assertEquals(0, fileOnly.exitCode(), fileOnly.all());
        assertEquals("1", seedOf("order"));

        Cli.Result system = cli().home(tmp).cwd(REPO).jvm("-Dcu.seed=2").args("grid_search", settings.toString(), "--yes").run();
        assertEquals(0, system.exitCode(), system.all());
        assertEquals("2", seedOf("order"));

        Cli.Result property = cli().home(tmp).cwd(REPO).jvm("-Dcu.seed=2")
                .args("grid_search", settings.toString(), "--yes", "-p", "cu.seed=3").run();
        assertEquals(0, property.exitCode(), property.all());
        assertEquals("3", seedOf("order"));

        Cli.Result option = cli().home(tmp).cwd(REPO).jvm("-Dcu.seed=2")
                .args("grid_search", settings.toString(), "--yes", "-p", "cu.seed=3", "--seed", "4").run();
        assertEquals(0, option.exitCode(), option.all());
        assertEquals("4", seedOf("order"));
    }

    @Test
    void aStageIsReplacedFromTheCommandLine() throws Exception {
        Path settings = settings("replaced");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", settings.toString(), "--backend", "local",
                "-p", "camel.main.route-filter-exclude-pattern=cu-submit,cu-cancel",
                "-p", "camel.main.routes-include-pattern=file:examples/camel/exec-scheduler.yaml",
                "-p", "scheduler.dir=" + tmp.resolve("scheduler")).run();
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(9, Files.readAllLines(tmp.resolve("scheduler/submissions.log")).size());
        assertEquals(10, Files.readAllLines(tmp.resolve("res/replaced/all_data.csv")).size());
    }

    /**
     * The stage examples of docs/extending.md from the command line, in one run: the copy replaces the
     * checkout, the tap writes every message, and two intercepts of the submit stage compose (the
     * environment example's interceptFrom, the audit example's interceptSendToEndpoint that vetoes job 3).
     */
    @Test
    void theStageExamplesRunFromTheCommandLineTogether() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("project"));
        Path settings = Files.writeString(dir.resolve("examples.toml"), String.join("\n",
                "optimization_procedure_name = \"examples\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = false",
                "script_relative_path = \"env_job.py\"",
                "generate_report = \"never\"",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"fn_args.x\"",
                "values = [0.0, 1.0]",
                "[[hyperparam_list]]",
                "param = \"fn_args.y\"",
                "values = [1.0, 2.0]", ""));
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", settings.toString(), "--backend", "local",
                "-p", "camel.main.route-filter-exclude-pattern=cu-checkout",
                "-p", "camel.main.routes-include-pattern=file:examples/camel/copy-checkout.yaml,file:examples/camel/tap-messages.yaml,"
                        + "file:examples/camel/job-environment.yaml,file:examples/camel/audit-and-notify.yaml",
                "-p", "checkout.source=" + REPO.resolve("src/test/resources/jobs"),
                "-p", "tap.dir=" + tmp.resolve("tap"),
                "-p", "audit.dir=" + tmp.resolve("audit"),
                "-p", "approval.deny=.*_3",
                "-p", "notify.uri=file:" + tmp.resolve("notify") + "?fileName=notice.json").run();
        assertEquals(0, r.exitCode(), r.all());

        String metadata = Files.readString(tmp.resolve("res/examples/metadata.json"));
        assertTrue(metadata.contains("\"local_copy\"") && metadata.contains("-project"), "the jobs ran the copy: " + metadata);
        List<String> rows = Files.readAllLines(tmp.resolve("res/examples/all_data.csv"));
        assertEquals(4, rows.size(), "jobs 0 to 2 ran, the vetoed job 3 did not: " + rows);
        int col = List.of(rows.get(0).split(",")).indexOf("env_ok");
        for (String row : rows.subList(1, rows.size())) {
            assertEquals("1", row.split(",")[col], "the job saw CU_EXAMPLE_ENV=from-yaml: " + row);
        }
        List<String> audit = Files.readAllLines(tmp.resolve("audit/audit.log"));
        assertEquals(4, audit.size(), String.join("\n", audit));
        assertEquals(1, audit.stream().filter(l -> l.contains("REFUSED") && l.contains("name=examples_3")).count(), String.join("\n", audit));
        assertTrue(Files.readString(tmp.resolve("res/examples/journal.jsonl")).contains("submission failed: not approved: examples_3 matches .*_3"));
        List<String> tap = Files.readAllLines(tmp.resolve("tap/messages.log"));
        for (int job = 0; job < 3; job++) {
            for (String type : List.of("JOB_STARTED", "JOB_SENT_RESULTS", "JOB_CONCLUDED")) {
                String expected = " job=" + job + " " + type;
                assertTrue(tap.stream().anyMatch(l -> l.contains(" run=") && l.endsWith(expected)), expected + " in\n" + String.join("\n", tap));
            }
        }
        String notice = Files.readString(tmp.resolve("notify/notice.json"));
        assertTrue(notice.contains("cluster-utils run examples ended: FINISHED (3 ok, 1 failed)"), notice);
    }

    @Test
    void aUsersStepThatThrowsIsOneLineOnTheConsoleAndItsTraceIsInTheLog() throws Exception {
        Path settings = settings("throwing");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", settings.toString(), "--backend", "local",
                "-p", "camel.main.routes-include-pattern=file:src/test/resources/camel/throwing-submit.yaml").run();
        assertEquals(0, r.exitCode(), r.all());
        // One line from the stage when it fails, one in the end summary that lists the failed jobs.
        List<String> stage = r.all().lines().filter(l -> l.contains("Stage cu-events failed (submission of job 2): no quota left for job 2")).toList();
        assertEquals(1, stage.size(), r.all());
        assertTrue(r.all().lines().anyMatch(l -> l.contains("submission failed: no quota left for job 2") && !l.contains("Stage")), r.all());
        assertTrue(!r.all().contains("\tat ") && !r.all().contains("Exception:"), "no stack trace on the console: " + r.all());
        String log = Files.readString(tmp.resolve("res/throwing/cluster_run.log"));
        assertTrue(log.contains("java.lang.IllegalStateException: no quota left for job 2") && log.contains("\tat "), log);
        assertTrue(Files.readString(tmp.resolve("res/throwing/journal.jsonl")).contains("submission failed: no quota left for job 2"));
    }

    @Test
    void malformedPropertiesExitWithTwoBeforeAnythingRuns() throws Exception {
        Path settings = settings("malformed");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", settings.toString(), "-p", "cu.max-jobs=zero",
                "-p", "cu.existing-results=sometimes").run();
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("cu.max-jobs=zero") && r.stderr().contains("cu.existing-results=sometimes"), r.stderr());
        assertTrue(!Files.exists(tmp.resolve("res/malformed")));
    }
}
