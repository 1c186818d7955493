package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile settings and options of issue 16 (defects 2 and 3) through the real jar: each ends
 * the JVM with exit code 2 and a message without a stack trace, runs nothing and writes nothing
 * (no results dir, no cache). The JVM hung on several of them before (a StackOverflowError left
 * Camel's non-daemon threads running).
 */
class HostileSettingsIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private String settings(String environment, String grid) {
        return "{\"optimization_procedure_name\": \"hostile\", \"results_dir\": \"" + tmp.resolve("res") + "\","
                + " \"script_relative_path\": \"src/test/resources/jobs/drop_datagrams.py\", \"run_in_working_dir\": true,"
                + " \"environment_setup\": " + environment + ", \"cluster_requirements\": {\"request_cpus\": 1},"
                + " \"fixed_params\": {}, \"restarts\": 1, \"hyperparam_list\": " + grid + "}";
    }

    private Cli.Result refused(String name, String content, String... args) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, content);
        List<String> all = new ArrayList<>(List.of("grid_search", "--backend", "local", file.toString()));
        all.addAll(List.of(args));
        Cli.Result r = cli().home(tmp.resolve("home")).cwd(REPO).timeout(Duration.ofSeconds(90)).args(all.toArray(String[]::new)).run();
        assertEquals(2, r.exitCode(), r.all());
        assertFalse(r.all().contains("\tat "), "no stack trace:\n" + r.all());
        assertFalse(r.all().contains("Exception"), "no exception name:\n" + r.all());
        assertFalse(Files.exists(tmp.resolve("res")), "no results dir");
        assertFalse(Files.exists(tmp.resolve("x")), "nothing ran");
        if (Files.exists(tmp.resolve("home"))) {
            try (Stream<Path> s = Files.walk(tmp.resolve("home"))) {
                assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "nothing in the home or cache dir");
            }
        }
        return r;
    }

    @Test
    void aVariableNameWithShellCodeIsRefused() throws Exception {
        Cli.Result r = refused("s.json", settings("{\"variables\": {\"A=1; touch " + tmp.resolve("x") + "; B\": 1}}",
                "[{\"param\": \"x\", \"values\": [1]}]"));
        assertTrue(r.stderr().contains("environment_setup.variables: 'A=1; touch " + tmp.resolve("x") + "; B' is not an environment"
                + " variable name"), r.stderr());
    }

    @Test
    void recursiveYamlDeepTomlAndADeepOverrideEndTheJvm() throws Exception {
        Cli.Result yaml = refused("s.yaml", "optimization_procedure_name: &a [*a]\n");
        assertTrue(yaml.stderr().contains("nested deeper than 100 levels"), yaml.stderr());
        Cli.Result toml = refused("s.toml", "a = " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");
        assertTrue(toml.stderr().contains("nested deeper than 100 levels"), toml.stderr());
        Cli.Result override = refused("o.json", settings("{}", "[{\"param\": \"x\", \"values\": [1]}]"),
                "fixed_params.y=" + "[".repeat(60_000) + "]".repeat(60_000));
        assertTrue(override.stderr().contains("nested deeper than 100 levels"), override.stderr());
    }

    @Test
    void aGridOf10To30PointsIsRefusedBeforeAnyDirectoryExists() throws Exception {
        StringBuilder grid = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            grid.append(i == 0 ? "" : ", ").append("{\"param\": \"p").append(i).append("\", \"values\": [0,1,2,3,4,5,6,7,8,9]}");
        }
        Cli.Result r = refused("g.json", settings("{}", grid + "]"));
        assertTrue(r.stderr().contains("at most 100,000,000 are supported"), r.stderr());
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsWritten() throws Exception {
        String ok = settings("{}", "[{\"param\": \"x\", \"values\": [1]}]");
        Cli.Result zero = refused("a.json", ok, "--max-jobs", "0");
        assertTrue(zero.stderr().contains("--max-jobs: must be at least 1, got 0"), zero.stderr());
        Cli.Result remote = refused("b.json", ok, "--listen-address", "8.8.8.8");
        assertTrue(remote.stderr().contains("--listen-address: server address '8.8.8.8' is not an address of this machine"),
                remote.stderr());
    }
}
