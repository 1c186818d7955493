package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.BackendFactory;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.run.MessageChannel;
import dev.clusterutils.run.RunOptions;
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.run.RunRequest;
import dev.clusterutils.run.RunRequests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stages' error contract, one test per row of docs/extending.md's table, each with real job
 * processes and a user's step that fails: every run ends in its documented outcome within seconds,
 * and no job outlives it.
 */
class StageErrorsIT {
    static final String RESOURCES = "file:src/test/resources/camel/";

    @TempDir
    Path tmp;

    private CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private CamelContext context(String exclude, Map<String, String> properties, String... routes) throws Exception {
        DefaultCamelContext c = new DefaultCamelContext();
        camel = c;
        // a job a failing cancel left running must not hold the test's shutdown for Camel's default 45 s
        c.getShutdownStrategy().setTimeout(5);
        c.getPropertiesComponent().addInitialProperty("cu.backend", "local");
        c.getPropertiesComponent().addInitialProperty("scheduler.dir", tmp.resolve("scheduler").toString());
        c.getPropertiesComponent().addInitialProperty("audit.dir", tmp.resolve("audit").toString());
        properties.forEach(c.getPropertiesComponent()::addInitialProperty);
        if (exclude != null) {
            ((ModelCamelContext) c).setRouteFilterPattern(null, exclude);
        }
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CuEndpoints.COMPLETED_SUBSCRIPTION).routeId("test-completions").to("mock:completed");
            }
        });
        ClusterUtilsRoutes.install(c, routes);
        c.start();
        return c;
    }

    private static RunCompleted completion(CamelContext c, long seconds) throws InterruptedException {
        MockEndpoint done = c.getEndpoint("mock:completed", MockEndpoint.class);
        done.setResultWaitTime(seconds * 1000);
        done.expectedMessageCount(1);
        done.assertIsSatisfied();
        return done.getExchanges().get(0).getMessage().getBody(RunCompleted.class);
    }

    private Map<String, Object> grid(String name, double sleepSeconds) {
        Map<String, Object> tree = new LinkedHashMap<>(SmallGrids.tree(name, tmp.resolve("res")));
        tree.put("fixed_params", Map.of("noise", 0.0, "sleep_seconds", sleepSeconds));
        return tree;
    }

    private String log(String name) throws Exception {
        return Files.readString(tmp.resolve("res").resolve(name).resolve(RunLayout.LOG_FILE));
    }

    private String journal(String name) throws Exception {
        return Files.readString(tmp.resolve("res").resolve(name).resolve("journal.jsonl"));
    }

    @Test
    void aStepThatThrowsOnTheWayToSubmitFailsThatJobWithItsMessage() throws Exception {
        CamelContext c = context(null, Map.of(), RESOURCES + "throwing-submit.yaml");
        c.createProducerTemplate().sendBody(CuEndpoints.START, grid("quota", 0));
        RunCompleted done = completion(c, 60);
        assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message());
        assertEquals(3, done.outcome().succeeded());
        assertEquals(1, done.outcome().failed());
        assertTrue(journal("quota").contains("submission failed: no quota left for job 2"), journal("quota"));
        String log = log("quota");
        assertTrue(log.contains("Stage cu-events failed (submission of job 2): no quota left for job 2"), log);
        assertTrue(log.contains("\tat "), "the trace is in cluster_run.log: " + log);
    }

    @Test
    void aMessageWhoseStepFailsIsCountedAsRejected() throws Exception {
        CamelContext c = context(null, Map.of(), RESOURCES + "throwing-message-step.yaml");
        c.createProducerTemplate().sendBody(CuEndpoints.START, grid("rejecting", 0));
        RunCompleted done = completion(c, 60);
        assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message());
        assertEquals(4, done.outcome().succeeded());
        String metadata = Files.readString(tmp.resolve("res/rejecting/metadata.json"));
        java.util.regex.Matcher rejected = java.util.regex.Pattern.compile("\"rejected_messages\" *: *(\\d+)").matcher(metadata);
        assertTrue(rejected.find() && Integer.parseInt(rejected.group(1)) >= 4, "every JOB_STARTED counted as rejected: " + metadata);
        String log = log("rejecting");
        assertTrue(log.contains("Stage cu-messages failed (message JOB_STARTED of job 0): started messages are not wanted here"), log);
        assertTrue(log.contains("A job message was rejected: started messages are not wanted here"), log);
    }

    @Test
    void aStepOnTheFinishStageThatThrowsStillEndsTheRunWithItsTables() throws Exception {
        CamelContext c = context(null, Map.of(), RESOURCES + "throwing-finish.yaml");
        c.createProducerTemplate().sendBody(CuEndpoints.START, grid("archived", 0));
        RunCompleted done = completion(c, 60);
        assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message());
        assertEquals("Procedure successfully finished (finishing failed: the archive is unreachable)", done.outcome().message());
        assertEquals(4, done.outcome().succeeded());
        assertEquals(5, Files.readAllLines(tmp.resolve("res/archived/all_data.csv")).size(), "the tables were written");
        assertTrue(Files.readString(tmp.resolve("res/archived/metadata.json")).contains("finishing failed: the archive is unreachable"));
        String log = log("archived");
        assertTrue(log.contains("Stage cu-finish failed (end of the run): the archive is unreachable") && log.contains("\tat "), log);
        assertTrue(c.createProducerTemplate().requestBody(CuEndpoints.STATUS, null, List.class).isEmpty(), "the run left the live runs");
    }

    @Test
    void aForgetStageThatFailsIsLoggedAndTheRunGoesOn() throws Exception {
        CamelContext c = context(null, Map.of(), RESOURCES + "throwing-forget.yaml");
        c.createProducerTemplate().sendBody(CuEndpoints.START, grid("unforgotten", 0));
        RunCompleted done = completion(c, 60);
        assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message());
        assertEquals(4, done.outcome().succeeded());
        String log = log("unforgotten");
        assertTrue(log.contains("Stage cu-forget failed (forgetting job ") && log.contains("the forget hook is down") && log.contains("\tat "), log);
    }

    @Test
    void aBulkCancelThatFailsIsNamedInTheOutcome() throws Exception {
        CamelContext c = context(null, Map.of("cu.max-jobs", "4"), RESOURCES + "throwing-cancel-all.yaml");
        RunStarted started = c.createProducerTemplate().requestBody(CuEndpoints.START, grid("not_cancelled_all", 60), RunStarted.class);
        EmbeddedHostIT.await(() -> {
            try {
                return journal("not_cancelled_all").split("\"e\":\"job_submitted\"", -1).length > 4;
            } catch (Exception e) {
                return false;
            }
        }, 30_000);
        try {
            c.createProducerTemplate().requestBodyAndHeader(CuEndpoints.STOP, null, CuHeaders.RUN_ID, started.runId());
            RunCompleted done = completion(c, 30);
            assertEquals(RunOutcome.Status.INTERRUPTED, done.outcome().status());
            assertFalse(done.outcome().message().contains("all jobs were stopped"), done.outcome().message());
            assertTrue(done.outcome().message().contains("4 job(s) could not be cancelled and may still be running: 4 jobs (local-"), done.outcome().message());
            assertTrue(done.outcome().message().contains("the cancel audit is down"), done.outcome().message());
        } finally {
            // the test's own clean-up of whatever the failed cancel left running
            try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
                all.filter(p -> p.info().commandLine().orElse("").contains("not_cancelled_all")).forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aFailingPollIsRetried() throws Exception {
        CamelContext c = context(null, Map.of(), RESOURCES + "throwing-poll.yaml");
        c.getRegistry().bind(CuExtensions.BACKEND_FACTORY, (BackendFactory) (kind, req, max, env, config) ->
                new Wrapped(BackendFactory.defaults().create(kind, req, max, env, config), 1, Duration.ofMillis(200)));
        c.createProducerTemplate().sendBody(CuEndpoints.START, grid("polled", 1.5));
        RunCompleted done = completion(c, 60);
        assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message());
        assertEquals(4, done.outcome().succeeded());
        String log = log("polled");
        assertTrue(log.contains("Could not query the backend, will retry: status service unreachable"), log);
    }

    @Test
    void theAuditExampleWithJobArraysRefusesSomeJobsOfABatchAndRunsTheOthers() throws Exception {
        CamelContext c = context(null, Map.of("approval.deny", ".*_1"), CamelExamplesIT.AUDIT);
        c.getRegistry().bind(CuExtensions.BACKEND_FACTORY, (BackendFactory) (kind, req, max, env, config) ->
                new Wrapped(BackendFactory.defaults().create(kind, req, max, env, config), 2, Duration.ofSeconds(5)));
        RunRequest request = RunRequests.fromTree(grid("arrays", 0), null, null, List.of(), k -> "cu.backend".equals(k) ? "local" : null);
        RunOptions options = request.options().withJobArrays(true);
        c.createProducerTemplate().sendBody(CuEndpoints.START, new RunRequest(request.settings(), options));
        RunCompleted done = completion(c, 60);
        assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message() + journal("arrays") + log("arrays"));
        assertEquals(3, done.outcome().succeeded());
        assertEquals(1, done.outcome().failed());
        List<String> audit = Files.readAllLines(tmp.resolve("audit/audit.log"));
        assertEquals(4, audit.size(), String.join("\n", audit));
        assertTrue(audit.stream().anyMatch(l -> l.contains("REFUSED") && l.contains("name=arrays_1")), String.join("\n", audit));
        String journal = journal("arrays");
        assertFalse(journal.contains("\"e\":\"job_submitted\",\"id\":1,"), "the refused job never reached the backend: " + journal);
    }

    @Test
    void theWatchdogEndsARunWhoseSubmitStageStopsAnswering() throws Exception {
        CamelContext c = context(null, Map.of(CuStages.STAGE_TIMEOUT, "2"), RESOURCES + "swallowing-submit.yaml");
        c.createProducerTemplate().sendBody(CuEndpoints.START, grid("stalled", 30));
        RunCompleted done = completion(c, 30);
        assertEquals(RunOutcome.Status.ABORTED, done.outcome().status(), done.outcome().message());
        assertTrue(done.outcome().message().contains("has not answered the submission of job 1 within 2 s"), done.outcome().message());
        assertNoJobProcessLeft("stalled");
    }

    @Test
    void anActionNoStageTakesEndsTheRunWithItsJobsStopped() throws Exception {
        CamelContext c = context(null, Map.of("cu.max-jobs", "4"), RESOURCES + "unknown-action.yaml");
        c.createProducerTemplate().sendBody(CuEndpoints.START, grid("unrouted", 30));
        RunCompleted done = completion(c, 30);
        assertEquals(RunOutcome.Status.ABORTED, done.outcome().status(), done.outcome().message());
        assertTrue(done.outcome().message().contains(
                "No stage takes the action Submit (CuAction=SubmitLater). Ending the run: all jobs were stopped."), done.outcome().message());
        assertEquals(1, log("unrouted").lines().filter(l -> l.contains("No stage takes the action Submit (CuAction=SubmitLater)")).count(),
                "once in cluster_run.log: " + log("unrouted"));
        assertFalse(journal("unrouted").contains("\"e\":\"job_submitted\",\"id\":1,"), "job 1 was never submitted");
        assertNoJobProcessLeft("unrouted");
    }

    @Test
    void stoppingARunWhoseStagesAreReplacedDropsQueuedJobsAndStopsRunningOnes() throws Exception {
        CamelContext c = context("cu-submit,cu-cancel", Map.of("cu.max-jobs", "4"), CamelExamplesIT.SCHEDULER);
        Map<String, Object> tree = grid("exec_stopped", 60);
        tree.put("hyperparam_list", List.of(Map.of("param", "fn_args.x", "values", List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0)),
                Map.of("param", "fn_args.y", "values", List.of(1.0))));
        RunStarted started = c.createProducerTemplate().requestBody(CuEndpoints.START, tree, RunStarted.class);
        EmbeddedHostIT.await(() -> pidFiles("exec_stopped").size() >= 2, 30_000);
        assertEquals(2, pidFiles("exec_stopped").size(), "two jobs run, the others wait in the route's queue");
        c.createProducerTemplate().requestBodyAndHeader(CuEndpoints.STOP, null, CuHeaders.RUN_ID, started.runId());
        RunCompleted done = completion(c, 30);
        assertEquals(RunOutcome.Status.INTERRUPTED, done.outcome().status());
        assertEquals("Interrupted: all jobs were stopped.", done.outcome().message());
        assertNoJobProcessLeft("exec_stopped");
        Thread.sleep(1500);
        assertNoJobProcessLeft("exec_stopped");
        Path rows = tmp.resolve("res/exec_stopped/all_data.csv");
        assertTrue(!Files.exists(rows) || Files.readAllLines(rows).size() <= 1, "no job ran to its end");
        assertFalse(journal("exec_stopped").contains("\"e\":\"job_started\",\"id\":5,"), "a queued job never started");
    }

    @Test
    void aCancelStageThatFailsIsNamedInTheOutcome() throws Exception {
        // the example's own cancel route is left out in favour of the failing one
        CamelContext c = context("cu-submit,cu-cancel,exec-scheduler-cancel", Map.of(), CamelExamplesIT.SCHEDULER,
                RESOURCES + "throwing-cancel.yaml");
        RunStarted started = c.createProducerTemplate().requestBody(CuEndpoints.START, grid("not_cancelled", 60), RunStarted.class);
        EmbeddedHostIT.await(() -> !pidFiles("not_cancelled").isEmpty(), 30_000);
        c.createProducerTemplate().requestBodyAndHeader(CuEndpoints.STOP, null, CuHeaders.RUN_ID, started.runId());
        RunCompleted done = completion(c, 30);
        try {
            assertEquals(RunOutcome.Status.INTERRUPTED, done.outcome().status());
            assertFalse(done.outcome().message().contains("all jobs were stopped"), done.outcome().message());
            assertTrue(done.outcome().message().contains("could not be cancelled and may still be running: job exec-"),
                    done.outcome().message());
            assertTrue(done.outcome().message().contains("scheduler refused the cancel"), done.outcome().message());
        } finally {
            // the test's own clean-up of what the failing cancel left running (and the queued jobs it starts then)
            c.getRouteController().stopRoute("exec-scheduler", 1, java.util.concurrent.TimeUnit.SECONDS);
            for (int round = 0; round < 3; round++) {
                for (Path pid : pidFiles("not_cancelled")) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    });
                }
                Thread.sleep(300);
            }
        }
    }

    @Test
    void aFailingPrepareStepEndsTheRunBeforeAnyJobWithItsBackendClosed() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        CamelContext c = context(null, Map.of());
        c.getRegistry().bind(CuExtensions.BACKEND_FACTORY, (BackendFactory) (kind, req, max, env, config) ->
                new Wrapped(BackendFactory.defaults().create(kind, req, max, env, config), 1, Duration.ofMillis(200),
                        () -> closed.set(true)));
        // a host's source of job messages that cannot open its socket: the channel step fails
        c.getRegistry().bind(CuExtensions.MESSAGE_CHANNELS, (MessageChannel.Factory) (bind, port, sink) -> {
            throw new IOException("no port left for run messages");
        });
        Object reply = c.createProducerTemplate().requestBody(CuEndpoints.START, grid("no_port", 0));
        RunCompleted ended = assertInstanceOf(RunCompleted.class, reply);
        assertEquals(RunOutcome.Status.ABORTED, ended.outcome().status(), ended.outcome().message());
        assertEquals("no port left for run messages", ended.outcome().message());
        assertTrue(closed.get(), "the backend the failed step was given is closed");
        assertFalse(journal("no_port").contains("job_created"), "no job was made");
        String log = log("no_port");
        assertTrue(log.contains("The channel step of the prepare stage failed: no port left for run messages"), log);
        assertTrue(log.contains("\tat "), "the trace is in cluster_run.log: " + log);
        assertEquals(ended, completion(c, 10), "subscribers hear of the run's end too");
    }

    @Test
    void aRunThatTakesLongToFinishDoesNotHoldUpAnotherRun() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        CamelContext c = context(null, Map.of());
        // the first run's backend takes until the test says so to close: its finish stage is slow
        c.getRegistry().bind(CuExtensions.BACKEND_FACTORY, (BackendFactory) (kind, req, max, env, config) ->
                new Wrapped(BackendFactory.defaults().create(kind, req, max, env, config), 1, Duration.ofMillis(200), () -> {
                    if (first.getAndSet(false)) {
                        closing.countDown();
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        try {
            c.createProducerTemplate().sendBody(CuEndpoints.START, grid("slow_finish", 0));
            assertTrue(closing.await(60, TimeUnit.SECONDS), "the first run reached its finish stage");
            c.createProducerTemplate().sendBody(CuEndpoints.START, grid("meanwhile", 0));
            RunCompleted second = completion(c, 60);
            assertEquals("meanwhile", second.name(), "the second run ended while the first was still finishing");
            assertEquals(RunOutcome.Status.FINISHED, second.outcome().status(), second.outcome().message());
        } finally {
            release.countDown();
        }
        MockEndpoint done = c.getEndpoint("mock:completed", MockEndpoint.class);
        // not expectedMessageCount(2): its new latch would miss the completion that already arrived and wait out the 60 s
        EmbeddedHostIT.await(() -> done.getReceivedCounter() >= 2, 60_000);
        assertEquals(2, done.getReceivedCounter(), "the first run completed once released");
        assertEquals("slow_finish", done.getExchanges().get(1).getMessage().getBody(RunCompleted.class).name());
    }

    private List<Path> pidFiles(String name) {
        List<Path> out = new ArrayList<>();
        // the jobs dir is in the cache; its path is in the journal's first line
        try {
            String first = Files.readAllLines(tmp.resolve("res").resolve(name).resolve("journal.jsonl")).get(0);
            int i = first.indexOf("\"jobs_dir\":\"") + "\"jobs_dir\":\"".length();
            Path jobs = Path.of(first.substring(i, first.indexOf('"', i)));
            try (Stream<Path> files = Files.walk(jobs)) {
                files.filter(p -> p.getFileName().toString().endsWith(".pid")).forEach(out::add);
            }
        } catch (Exception e) {
            return out;
        }
        return out;
    }

    private void assertNoJobProcessLeft(String name) throws Exception {
        for (Path pid : pidFiles(name)) {
            long id = Long.parseLong(Files.readString(pid).strip());
            assertFalse(ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false), "job process " + id + " still runs");
        }
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            List<String> jobs = all.filter(p -> p.info().commandLine().orElse("").contains(tmp.resolve("res").resolve(name).toString()))
                    .map(p -> p.info().commandLine().orElse("")).toList();
            assertTrue(jobs.isEmpty(), "job processes of " + name + " still run: " + jobs);
        }
    }

    /** A built-in backend with another batch size (job arrays) and poll interval, for the rows that need them. */
    private record Wrapped(Backend inner, int batch, Duration poll, Runnable onClose) implements Backend {
        Wrapped(Backend inner, int batch, Duration poll) {
            this(inner, batch, poll, () -> { });
        }

        public String kind() {
            return inner.kind();
        }

        public JobHandle submit(JobSpec spec) throws BackendException {
            return inner.submit(spec);
        }

        public List<JobHandle> submitBatch(List<JobSpec> specs) throws BackendException {
            List<JobHandle> handles = new ArrayList<>();
            for (JobSpec s : specs) {
                handles.add(inner.submit(s));
            }
            return handles;
        }

        public int maxBatchSize() {
            return batch;
        }

        public Map<JobHandle, JobStatus> poll(Collection<JobHandle> handles) throws BackendException {
            return inner.poll(handles);
        }

        public void cancel(JobHandle handle) {
            inner.cancel(handle);
        }

        public void cancelAll(Collection<JobHandle> handles) {
            inner.cancelAll(handles);
        }

        public Duration pollInterval() {
            return poll;
        }

        public int maxInFlight() {
            return inner.maxInFlight();
        }

        public void setStatusListener(BiConsumer<JobHandle, JobStatus> listener) {
            inner.setStatusListener(listener);
        }

        public void forget(JobHandle handle) {
            inner.forget(handle);
        }

        public void close() {
            onClose.run();
            inner.close();
        }
    }
}
