package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimizer stage (seda:cu-ask, seda:cu-tell) replaced from the command line by the example
 * route that drives a Python ask/tell program, and its error contract: a failing or silent tell ends
 * the run (exit 1, one line on the console) with every job cancelled.
 */
class OptimizerStageIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final String EXAMPLE = "file:examples/camel/external-optimizer.yaml";

    @TempDir
    Path tmp;

    private Path settings(String name, String script, String epochSeconds) throws Exception {
        return SmallOptimizations.rosenbrock(tmp, name, script, epochSeconds);
    }

    @Test
    void anExternalPythonOptimizerProposesEveryJobAndHearsEveryResult() throws Exception {
        Path history = tmp.resolve("history.jsonl");
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", "--max-jobs", "3",
                settings("external", "examples/rosenbrock/rosenbrock_job.py", "0.0").toString(),
                "-p", "camel.main.route-filter-exclude-pattern=cu-ask,cu-tell",
                "-p", "camel.main.routes-include-pattern=" + EXAMPLE,
                "-p", "optimizer.seed=7",
                "-p", "optimizer.history=" + history).run();
        assertEquals(0, r.exitCode(), r.all());
        List<String> rows = Files.readAllLines(tmp.resolve("res/external/all_data.csv"));
        assertEquals(7, rows.size(), String.join("\n", rows));
        // the first three jobs are the program's first answer (ids 0, 1, 2 with seed 7)
        Process ask = new ProcessBuilder("python3", "examples/camel/random_points.py", "ask", "3", "0", "7", "x:-2:2", "y:-1:3")
                .directory(REPO.toFile()).redirectErrorStream(true).start();
        String proposed = new String(ask.getInputStream().readAllBytes());
        assertEquals(0, ask.waitFor(), proposed);
        String csv = String.join("\n", rows);
        for (String line : proposed.strip().lines().toList()) {
            String x = line.replaceAll(".*\"x\": ([-0-9.e]+).*", "$1");
            assertTrue(csv.contains(x), "proposal " + line + " ran: " + csv);
        }
        List<String> told = Files.readAllLines(history);
        assertEquals(6, told.size(), String.join("\n", told));
        assertTrue(told.stream().allMatch(l -> l.contains("\"status\":\"success\"") && l.contains("\"metric\":")), String.join("\n", told));
    }

    @Test
    void aFailingTellEndsTheRunWithItsJobsCancelled() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", "--max-jobs", "3",
                settings("failing", "src/test/resources/jobs/first_quick.py", "0.0").toString(),
                "-p", "camel.main.route-filter-exclude-pattern=cu-ask,cu-tell",
                "-p", "camel.main.routes-include-pattern=" + EXAMPLE,
                "-p", "optimizer.script=src/test/resources/camel/failing_optimizer.py",
                "-p", "optimizer.history=" + tmp.resolve("history.jsonl")).run();
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.all().contains("The optimizer stage failed (tell): the optimizer command exited with code 1: "
                + "history store is read-only"), r.all());
        assertFalse(r.all().contains("\tat "), "no stack trace on the console: " + r.all());
        String log = Files.readString(tmp.resolve("res/failing/cluster_run.log"));
        assertTrue(log.contains("\tat "), "the trace is in cluster_run.log: " + log);
        assertNoJobLeft();
    }

    @Test
    void aTellThatIsNeverAnsweredEndsTheRunWithItsJobsCancelled() throws Exception {
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", "--max-jobs", "3",
                settings("silent", "src/test/resources/jobs/first_quick.py", "0.0").toString(),
                "-p", "cu.stage-timeout=2",
                "-p", "camel.main.route-filter-exclude-pattern=cu-tell",
                "-p", "camel.main.routes-include-pattern=file:src/test/resources/camel/silent-tell.yaml").run();
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.all().contains("The optimizer stage has not answered a tell within 2 s"), r.all());
        assertNoJobLeft();
    }

    private void assertNoJobLeft() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            List<String> left = all.filter(p -> p.info().commandLine().orElse("").contains(tmp.toString()))
                    .map(p -> p.info().commandLine().orElse("")).toList();
            assertTrue(left.isEmpty(), "job processes still run: " + left);
        }
    }
}
