package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.it.SmallOptimizations;
import dev.clusterutils.run.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML examples of docs/extending.md, loaded as they are from examples/camel into a
 * CamelContext beside the pipeline, each running a small grid of the example job.
 */
class CamelExamplesIT {
    static final String AUDIT = "file:examples/camel/audit-and-notify.yaml";
    static final String SCHEDULER = "file:examples/camel/exec-scheduler.yaml";
    static final String TAP = "file:examples/camel/tap-messages.yaml";
    static final String COPY = "file:examples/camel/copy-checkout.yaml";
    static final String ENV = "file:examples/camel/job-environment.yaml";
    static final String OPTIMIZER = "file:examples/camel/external-optimizer.yaml";

    @TempDir
    Path tmp;

    private CamelContext camel;
    private Path checkoutSource = SmallGrids.REPO.resolve("examples/basic");
    private final Map<String, String> properties = new java.util.HashMap<>();

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private CamelContext context(String excludeRoutes, String... examples) throws Exception {
        return approving(excludeRoutes, null, examples);
    }

    private CamelContext approving(String excludeRoutes, String deny, String... examples) throws Exception {
        DefaultCamelContext c = new DefaultCamelContext();
        camel = c;
        if (deny != null) {
            c.getPropertiesComponent().addInitialProperty("approval.deny", deny);
        }
        c.getPropertiesComponent().addInitialProperty("cu.backend", "local");
        c.getPropertiesComponent().addInitialProperty("audit.dir", tmp.resolve("audit").toString());
        c.getPropertiesComponent().addInitialProperty("scheduler.dir", tmp.resolve("scheduler").toString());
        c.getPropertiesComponent().addInitialProperty("notify.uri", "mock:notify");
        c.getPropertiesComponent().addInitialProperty("tap.dir", tmp.resolve("tap").toString());
        c.getPropertiesComponent().addInitialProperty("checkout.source", checkoutSource.toString());
        c.getPropertiesComponent().addInitialProperty("optimizer.seed", "7");
        c.getPropertiesComponent().addInitialProperty("optimizer.history", tmp.resolve("history.jsonl").toString());
        properties.forEach(c.getPropertiesComponent()::addInitialProperty);
        if (excludeRoutes != null) {
            // what camel.main.route-filter-exclude-pattern does in a Camel Main application
            ((ModelCamelContext) c).setRouteFilterPattern(null, excludeRoutes);
        }
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CuEndpoints.COMPLETED_SUBSCRIPTION).routeId("test-completions").to("mock:completed");
            }
        });
        ClusterUtilsRoutes.install(c, examples);
        c.start();
        return c;
    }

    /** Starts a run in {@code c} and waits for its completion on mock:completed (the one the test's context routes there). */
    private static RunCompleted startAndAwait(CamelContext c, Object body) throws InterruptedException {
        c.createProducerTemplate().sendBody(CuEndpoints.START, body);
        MockEndpoint done = c.getEndpoint("mock:completed", MockEndpoint.class);
        done.setResultWaitTime(120_000);
        done.expectedMessageCount(1);
        done.assertIsSatisfied();
        return done.getExchanges().get(0).getMessage().getBody(RunCompleted.class);
    }

    private RunCompleted runGrid(CamelContext c, String name) throws Exception {
        return runGrid(c, name, 4);
    }

    private RunCompleted runGrid(CamelContext c, String name, int succeeded) throws Exception {
        RunCompleted completed = startAndAwait(c, SmallGrids.tree(name, tmp.resolve("res")));
        assertEquals(RunOutcome.Status.FINISHED, completed.outcome().status(), completed.outcome().message());
        assertEquals(succeeded + 1, SmallGrids.rows(tmp.resolve("res"), name).size(), "every job's results arrived");
        return completed;
    }

    @Test
    void theEnvironmentExampleReachesEveryJobsProcess() throws Exception {
        // two files intercepting the submit stage: the environment's interceptFrom, the audit's interceptSendToEndpoint
        CamelContext c = context(null, ENV, AUDIT);
        Map<String, Object> tree = new java.util.LinkedHashMap<>(SmallGrids.tree("env", tmp.resolve("res")));
        tree.put("script_relative_path", "src/test/resources/jobs/env_job.py");
        RunCompleted completed = startAndAwait(c, tree);
        assertEquals(RunOutcome.Status.FINISHED, completed.outcome().status(), completed.outcome().message());
        List<String> rows = SmallGrids.rows(tmp.resolve("res"), "env");
        assertEquals(5, rows.size(), String.join("\n", rows));
        List<String> header = List.of(rows.get(0).split(","));
        int col = header.indexOf("env_ok");
        for (String row : rows.subList(1, rows.size())) {
            assertEquals("1", row.split(",")[col], "the job saw CU_EXAMPLE_ENV=from-yaml: " + row);
        }
        List<String> audit = Files.readAllLines(tmp.resolve("audit/audit.log"));
        assertEquals(4, audit.stream().filter(l -> l.contains(" approved run=" + completed.runId())).count(), String.join("\n", audit));
    }

    @Test
    void aYamlAndAJavaInterceptOfTheSameStageBothApply() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        DefaultCamelContext c = new DefaultCamelContext();
        camel = c;
        c.getPropertiesComponent().addInitialProperty("cu.backend", "local");
        c.getPropertiesComponent().addInitialProperty("tap.dir", tmp.resolve("tap").toString());
        // a host's own Java route configuration beside the YAML tap, both on the message stage's route
        c.addRoutes(new org.apache.camel.builder.RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration("cu-java-count").interceptFrom("seda:cu-messages*").process(x -> seen.incrementAndGet());
            }
        });
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CuEndpoints.COMPLETED_SUBSCRIPTION).routeId("test-completions").to("mock:completed");
            }
        });
        ClusterUtilsRoutes.install(c, TAP);
        c.start();
        runGrid(c, "composed");
        List<String> tapped = Files.readAllLines(tmp.resolve("tap/messages.log"));
        assertTrue(tapped.size() >= 8, "the YAML tap saw every message: " + tapped);
        assertEquals(tapped.size(), seen.get(), "the Java intercept saw the same messages as the YAML one");
    }

    @Test
    void theAuditInterceptWritesOneLinePerSubmissionAndTheNotifierHearsOfTheEnd() throws Exception {
        CamelContext c = context(null, AUDIT);
        RunCompleted completed = runGrid(c, "audited");

        List<String> audit = Files.readAllLines(tmp.resolve("audit/audit.log"));
        assertEquals(4, audit.size(), String.join("\n", audit));
        for (int job = 0; job < 4; job++) {
            int id = job;
            assertTrue(audit.stream().anyMatch(l -> l.contains("approved run=" + completed.runId()) && l.contains(" job=" + id + " ")
                    && l.contains("name=audited_" + id) && l.contains("script=")), String.join("\n", audit));
        }
        MockEndpoint notify = c.getEndpoint("mock:notify", MockEndpoint.class);
        notify.expectedMessageCount(1);
        notify.assertIsSatisfied();
        String notice = notify.getExchanges().get(0).getMessage().getBody(String.class);
        assertTrue(notice.contains("run audited ended: FINISHED (4 ok, 0 failed), results in " + tmp.resolve("res/audited")), notice);
        // the intercepted messages went on unchanged: the completion reached its subscribers as a RunCompleted
        assertEquals(completed.resultsDir(), tmp.resolve("res/audited"));
    }

    @Test
    void theApprovalStepRefusesWhatItDoesNotApprove() throws Exception {
        CamelContext c = approving(null, ".*_3", AUDIT);
        RunCompleted completed = runGrid(c, "approval", 3);
        assertEquals(1, completed.outcome().failed());
        List<String> audit = Files.readAllLines(tmp.resolve("audit/audit.log"));
        assertEquals(4, audit.size(), String.join("\n", audit));
        assertEquals(1, audit.stream().filter(l -> l.contains("REFUSED") && l.contains("name=approval_3")).count(), String.join("\n", audit));
        String journal = Files.readString(tmp.resolve("res/approval/journal.jsonl"));
        assertTrue(journal.contains("submission failed: not approved: approval_3 matches .*_3"), journal);
        assertTrue(!journal.contains("\"e\":\"job_submitted\",\"id\":3"), "job 3 never reached the backend");
    }

    @Test
    void theExecSchedulerReplacesTheSubmitStage() throws Exception {
        CamelContext c = context("cu-submit,cu-cancel", SCHEDULER);
        assertNull(c.getRoute("cu-submit"), "the built-in stage is excluded");
        runGrid(c, "scheduled");

        List<String> submissions = Files.readAllLines(tmp.resolve("scheduler/submissions.log"));
        assertEquals(4, submissions.size(), String.join("\n", submissions));
        for (int job = 0; job < 4; job++) {
            int id = job;
            assertTrue(submissions.stream().anyMatch(l -> l.contains(" exec-" + id + " scheduled_" + id)), String.join("\n", submissions));
        }
        String journal = Files.readString(tmp.resolve("res/scheduled/journal.jsonl"));
        assertTrue(journal.contains("\"handle\":\"exec-0\""), journal);
    }

    @Test
    void theTapWritesEveryJobMessageWithItsRunAndJobId() throws Exception {
        CamelContext c = context(null, TAP);
        RunCompleted completed = runGrid(c, "tapped");
        List<String> tap = Files.readAllLines(tmp.resolve("tap/messages.log"));
        for (int job = 0; job < 4; job++) {
            for (String type : List.of("JOB_STARTED", "JOB_SENT_RESULTS", "JOB_CONCLUDED")) {
                String expected = "run=" + completed.runId() + " job=" + job + " " + type;
                assertTrue(tap.stream().anyMatch(l -> l.endsWith(expected)), expected + " in\n" + String.join("\n", tap));
            }
        }
    }

    @Test
    void aHostSendsAMessageIntoTheMessageStage() throws Exception {
        CamelContext c = context(null, TAP);
        // a message of no job of the run (a host forwarding a stray datagram): tapped, then counted as rejected
        Map<String, Object> slow = new java.util.LinkedHashMap<>(SmallGrids.tree("fed", tmp.resolve("res")));
        slow.put("fixed_params", Map.of("noise", 0.0, "sleep_seconds", 2.0));
        c.createProducerTemplate().sendBody(CuEndpoints.START, slow);
        MockEndpoint done = c.getEndpoint("mock:completed", MockEndpoint.class);
        String runId = null;
        for (int i = 0; i < 100 && runId == null; i++) {
            var live = c.createProducerTemplate().requestBody(CuEndpoints.STATUS, null, List.class);
            runId = live.isEmpty() ? null : ((RunProgress) live.get(0)).runId();
            Thread.sleep(20);
        }
        if (runId != null) {
            c.createProducerTemplate().sendBodyAndHeader(CuEndpoints.MESSAGES,
                    new dev.clusterutils.protocol.JobMessage.JobStarted(42L, "host-sent"), CuHeaders.RUN_ID, runId);
        }
        done.setResultWaitTime(120_000);
        done.expectedMessageCount(1);
        done.assertIsSatisfied();
        assertTrue(Files.readAllLines(tmp.resolve("tap/messages.log")).stream().anyMatch(l -> l.endsWith("job= JOB_STARTED")),
                "the host's message passed the stage");
        String metadata = Files.readString(tmp.resolve("res/fed/metadata.json")).replace(" ", "");
        assertTrue(metadata.contains("\"rejected_messages\":1"), metadata);
    }

    private Map<String, Object> copiedGrid(String name) {
        Map<String, Object> tree = new java.util.LinkedHashMap<>(SmallGrids.tree(name, tmp.resolve("res")));
        tree.put("run_in_working_dir", false);
        tree.put("script_relative_path", "rosenbrock_job.py");
        return tree;
    }

    @Test
    void theCopyCheckoutReplacesGit() throws Exception {
        CamelContext c = context("cu-checkout", COPY);
        RunCompleted completed = startAndAwait(c, copiedGrid("copied"));
        assertEquals(RunOutcome.Status.FINISHED, completed.outcome().status(), completed.outcome().message());
        assertEquals(4, completed.outcome().succeeded());
        String metadata = Files.readString(tmp.resolve("res/copied/metadata.json"));
        assertTrue(metadata.contains("\"local_copy\"") && metadata.contains("-project"), metadata);
    }

    @Test
    void aFailedCheckoutEndsTheRunBeforeAnyJob() throws Exception {
        checkoutSource = tmp.resolve("no-such-dir");
        CamelContext c = context("cu-checkout", COPY);
        Object reply = c.createProducerTemplate().requestBody(CuEndpoints.START, copiedGrid("uncopied"));
        RunCompleted ended = org.junit.jupiter.api.Assertions.assertInstanceOf(RunCompleted.class, reply);
        assertEquals(RunOutcome.Status.NOT_STARTED, ended.outcome().status());
        assertEquals(2, ended.outcome().exitCode());
        assertTrue(ended.outcome().message().startsWith("The code could not be checked out: the copy into "), ended.outcome().message());
        assertTrue(ended.outcome().message().contains("no-such-dir"), ended.outcome().message());
        assertTrue(!Files.readString(tmp.resolve("res/uncopied/journal.jsonl")).contains("job_created"), "no job was made");
    }

    /** An hp_optimization of the Rosenbrock job: 6 samples, 3 at a time. */
    private Path optimization(String name) throws Exception {
        return SmallOptimizations.rosenbrock(tmp, name, "examples/rosenbrock/rosenbrock_job.py", "0.0");
    }

    @Test
    void theExternalOptimizerProposesEveryJobAndHearsEveryResult() throws Exception {
        CamelContext c = context("cu-ask,cu-tell", OPTIMIZER);
        Path settings = optimization("external");
        RunCompleted completed = startAndAwait(c, settings);
        assertEquals(RunOutcome.Status.FINISHED, completed.outcome().status(), completed.outcome().message());
        List<String> rows = SmallGrids.rows(tmp.resolve("res"), "external");
        assertEquals(7, rows.size(), String.join("\n", rows));
        // the first three jobs are the program's first answer (ids 0, 1, 2 with seed 7)
        Process ask = new ProcessBuilder("python3", "examples/camel/random_points.py", "ask", "3", "0", "7", "x:-2:2", "y:-1:3")
                .redirectErrorStream(true).start();
        String proposed = new String(ask.getInputStream().readAllBytes());
        assertEquals(0, ask.waitFor(), proposed);
        String csv = String.join("\n", rows);
        for (String line : proposed.strip().lines().toList()) {
            String x = line.replaceAll(".*\"x\": ([-0-9.e]+).*", "$1");
            assertTrue(csv.contains(x), "proposal " + line + " ran: " + csv);
        }
        List<String> told = Files.readAllLines(tmp.resolve("history.jsonl"));
        assertEquals(6, told.size(), String.join("\n", told));
        assertTrue(told.stream().allMatch(l -> l.contains("\"status\":\"success\"") && l.contains("\"metric\":")), String.join("\n", told));
    }

    @Test
    void aRunWhoseLastTellFailsEndsAborted() throws Exception {
        properties.put("optimizer.script", "src/test/resources/camel/last_tell_fails.py");
        CamelContext c = context("cu-ask,cu-tell", OPTIMIZER);
        RunCompleted completed = startAndAwait(c, optimization("last_tell"));
        assertEquals(RunOutcome.Status.ABORTED, completed.outcome().status(), completed.outcome().message());
        assertTrue(completed.outcome().message().contains("The optimizer stage failed (tell): the optimizer command exited with code 1: "
                + "history store is full"), completed.outcome().message());
        assertEquals(6, SmallGrids.rows(tmp.resolve("res"), "last_tell").size() - 1, "every job ran; only the optimizer lost the end");
        assertTrue(Files.readAllLines(tmp.resolve("history.jsonl")).size() < 6, "the failed tell stored nothing");
    }

    @Test
    void bothExamplesTogether() throws Exception {
        CamelContext c = context("cu-submit,cu-cancel", AUDIT, SCHEDULER);
        runGrid(c, "both");
        assertEquals(4, Files.readAllLines(tmp.resolve("audit/audit.log")).size());
        assertEquals(4, Files.readAllLines(tmp.resolve("scheduler/submissions.log")).size());
    }
}
