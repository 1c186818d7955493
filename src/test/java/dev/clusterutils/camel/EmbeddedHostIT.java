package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.BackendFactory;
import dev.clusterutils.run.MessageChannel;
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.run.UdpChannel;
import dev.clusterutils.settings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host platform's CamelContext (a plain DefaultCamelContext, and a Camel Main host) loads the
 * routes from the library's classpath and runs real grids of the example job: the run starts from
 * a settings map or file sent to direct:cu-start, and the host learns the results location from
 * the completion event it subscribed to.
 */
class EmbeddedHostIT {
    @TempDir
    Path tmp;

    private CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    /** A host with its own route that subscribes to completions, and jobs forced onto the local backend. */
    private CamelContext host() throws Exception {
        DefaultCamelContext c = new DefaultCamelContext();
        c.getPropertiesComponent().addInitialProperty("cu.backend", "local");
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CuEndpoints.COMPLETED_SUBSCRIPTION).routeId("host-completions").to("mock:completed");
            }
        });
        camel = c;
        return c;
    }

    private static RunCompleted awaitCompletion(CamelContext camel, int count) throws InterruptedException {
        MockEndpoint done = camel.getEndpoint("mock:completed", MockEndpoint.class);
        done.setResultWaitTime(120_000);
        done.expectedMessageCount(count);
        done.assertIsSatisfied();
        return done.getExchanges().get(count - 1).getMessage().getBody(RunCompleted.class);
    }

    @Test
    void aHostStartsARunFromASettingsMapAndLearnsWhereTheResultsAre() throws Exception {
        CamelContext c = host();
        ClusterUtilsRoutes.install(c);
        c.start();
        Path results = tmp.resolve("res");

        RunStarted started = c.createProducerTemplate().requestBodyAndHeader(CuEndpoints.START,
                SmallGrids.tree("map_grid", results), CuHeaders.RUN_ID, "host-run-1", RunStarted.class);
        assertEquals("host-run-1", started.runId());
        assertEquals(results.resolve("map_grid"), started.resultsDir());

        RunCompleted done = awaitCompletion(c, 1);
        assertEquals("host-run-1", done.runId());
        assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message());
        assertEquals(4, done.outcome().succeeded());
        assertEquals(results.resolve("map_grid"), done.resultsDir());
        assertEquals(5, SmallGrids.rows(results, "map_grid").size(), "four jobs and the header");
        assertTrue(Files.readString(results.resolve("map_grid/metadata.json")).contains("\"outcome\" : \"finished\"")
                || Files.readString(results.resolve("map_grid/metadata.json")).contains("\"outcome\": \"finished\""));
    }

    @Test
    void aSettingsFileWithOverridesAndPerRunPropertiesFromHeaders() throws Exception {
        CamelContext c = host();
        ClusterUtilsRoutes.install(c);
        c.start();
        Path results = tmp.resolve("res");
        Path file = SmallGrids.toml(tmp.resolve("grid.toml"), "file_grid", results);

        c.createProducerTemplate().requestBodyAndHeaders(CuEndpoints.START, file.toString(), Map.of(
                CuHeaders.OVERRIDES, "fixed_params.noise=0.5\noptimization_procedure_name=\"renamed\"",
                CuHeaders.PROPERTIES, Map.of("cu.seed", "42", "cu.max-jobs", "1")));
        RunCompleted done = awaitCompletion(c, 1);
        assertEquals("renamed", done.name());
        assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message());
        String resolved = Files.readString(results.resolve("renamed/settings_resolved.json"));
        assertTrue(resolved.contains("0.5"), resolved);
        assertTrue(Files.readString(results.resolve("renamed/journal.jsonl")).contains("\"seed\":42"));
    }

    @Test
    void badSettingsComeBackAsOneExceptionWithEveryProblemAndNothingIsWritten() throws Exception {
        CamelContext c = host();
        ClusterUtilsRoutes.install(c);
        c.start();
        Map<String, Object> tree = new java.util.LinkedHashMap<>(SmallGrids.tree("bad", tmp.resolve("res")));
        tree.remove("restarts");
        tree.put("cluster_requirments", Map.of());
        tree.put("fixed_params", Map.of("when", new Object()));

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> c.createProducerTemplate().requestBody(CuEndpoints.START, tree));
        SettingsException se = assertInstanceOf(SettingsException.class, e.getCause());
        assertEquals(1, se.problems().size(), "a value without settings meaning stops before validation: " + se.problems());
        assertTrue(se.problems().get(0).toString().startsWith("fixed_params.when:"), se.problems().toString());

        tree.put("fixed_params", Map.of());
        CamelExecutionException e2 = assertThrows(CamelExecutionException.class,
                () -> c.createProducerTemplate().requestBody(CuEndpoints.START, tree));
        List<String> problems = ((SettingsException) e2.getCause()).problems().stream().map(Object::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("restarts:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("did you mean 'cluster_requirements'")), problems.toString());
        assertFalse(Files.exists(tmp.resolve("res")));
    }

    @Test
    void theHostsOwnBeansTakePrecedenceOverTheDefaults() throws Exception {
        CamelContext c = host();
        List<String> kinds = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger channels = new AtomicInteger();
        // e.g. the host's own scheduler for some kinds; everything else goes to the built-in backends
        BackendFactory mine = (kind, requirements, maxJobs, env, config) -> {
            kinds.add(kind);
            return BackendFactory.defaults().create(kind, requirements, 1, env, config);
        };
        MessageChannel.Factory myChannels = (bind, port, sink) -> {
            channels.incrementAndGet();
            return UdpChannel.open(bind, port, sink);
        };
        c.getRegistry().bind(CuExtensions.BACKEND_FACTORY, mine);
        c.getRegistry().bind("hostChannels", myChannels);
        CuStages hostStages = CuStages.production();
        c.getRegistry().bind(CuExtensions.STAGES, hostStages);

        assertSame(hostStages, ClusterUtilsRoutes.install(c), "a cuStages the host bound is kept");
        c.start();
        c.createProducerTemplate().sendBody(CuEndpoints.START, SmallGrids.tree("beans", tmp.resolve("res")));
        assertEquals(RunOutcome.Status.FINISHED, awaitCompletion(c, 1).outcome().status());
        assertEquals(List.of("local"), kinds);
        assertEquals(1, channels.get(), "the message channel factory was found by its type");
    }

    @Test
    void progressIsReadableAsStatusEventsAndHealthChecks() throws Exception {
        CamelContext c = host();
        c.getPropertiesComponent().addInitialProperty("cu.progress-uri", "mock:progress");
        c.getPropertiesComponent().addInitialProperty("cu.progress-ms", "200");
        ClusterUtilsRoutes.install(c);
        c.start();
        Map<String, Object> slow = new java.util.LinkedHashMap<>(SmallGrids.tree("slow", tmp.resolve("res")));
        slow.put("fixed_params", Map.of("noise", 0.0, "sleep_seconds", 1.5));
        ProducerTemplate template = c.createProducerTemplate();
        RunStarted started = template.requestBody(CuEndpoints.START, slow, RunStarted.class);

        RunProgress progress = null;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            progress = template.requestBodyAndHeader(CuEndpoints.STATUS, null, CuHeaders.RUN_ID, started.runId(), RunProgress.class);
            if (progress != null && progress.status() != null && progress.status().running() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(progress);
        assertEquals("slow", progress.name());
        assertEquals(4, progress.status().total());
        assertTrue(progress.status().running() > 0, progress.toString());
        List<?> all = template.requestBody(CuEndpoints.STATUS, null, List.class);
        assertEquals(1, all.size());

        HealthCheck.Result runs = HealthCheckHelper.invoke(c, check -> Map.of(), check -> false, "full").stream()
                .filter(r -> r.getCheck().getId().equals(RunsHealthCheck.ID)).findFirst().orElseThrow();
        assertEquals(HealthCheck.State.UP, runs.getState());
        assertTrue(String.valueOf(runs.getDetails().get("run.slow")).contains("/4 done"), runs.getDetails().toString());

        MockEndpoint pushed = c.getEndpoint("mock:progress", MockEndpoint.class);
        pushed.setResultWaitTime(20_000);
        pushed.expectedMinimumMessageCount(1);
        pushed.assertIsSatisfied();
        assertEquals(started.runId(), pushed.getExchanges().get(0).getMessage().getBody(RunProgress.class).runId());

        assertEquals(RunOutcome.Status.FINISHED, awaitCompletion(c, 1).outcome().status());
        assertNull(template.requestBodyAndHeader(CuEndpoints.STATUS, null, CuHeaders.RUN_ID, started.runId()),
                "a finished run is no longer live");
    }

    @Test
    void aHostCanStopARun() throws Exception {
        CamelContext c = host();
        ClusterUtilsRoutes.install(c);
        c.start();
        Map<String, Object> slow = new java.util.LinkedHashMap<>(SmallGrids.tree("stopped", tmp.resolve("res")));
        slow.put("fixed_params", Map.of("noise", 0.0, "sleep_seconds", 30.0));
        ProducerTemplate template = c.createProducerTemplate();
        RunStarted started = template.requestBody(CuEndpoints.START, slow, RunStarted.class);
        Thread.sleep(1500);
        List<?> stopped = template.requestBodyAndHeader(CuEndpoints.STOP, null, CuHeaders.RUN_ID, started.runId(), List.class);
        assertEquals(List.of(started.runId()), stopped);
        RunCompleted done = awaitCompletion(c, 1);
        assertEquals(RunOutcome.Status.INTERRUPTED, done.outcome().status());
    }

    @Test
    void nothingOfTheLibraryLeaksIntoTheHost() throws Exception {
        CamelContext c = host();
        // a host route that fails: the library must not have given it an error handler or intercept
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:host-fails").routeId("host-fails").throwException(new IllegalStateException("host's own"));
            }
        });
        ClusterUtilsRoutes.install(c);
        c.start();
        assertNull(getClass().getClassLoader().getResource("application.properties"), "the library ships no application.properties");
        // the pipeline's own route configuration (cu-errors) is named, so it applies to the cu-* routes only
        assertTrue(((org.apache.camel.model.ModelCamelContext) c).getRouteConfigurationDefinitions().stream()
                .allMatch(d -> d.getId() != null && d.getId().startsWith("cu-")));
        assertTrue(c.getPropertiesComponent().resolveProperty("cu.max-jobs").isEmpty());
        Exchange failed = c.createProducerTemplate().send("direct:host-fails", e -> e.getMessage().setBody("x"));
        assertInstanceOf(IllegalStateException.class, failed.getException());
        assertTrue(c.getRoute("cu-start") != null && c.getRoute("cu-submit") != null && c.getRoute("host-fails") != null);
        assertNull(c.getRoute("cu-inbox"), "the inbox is only loaded when asked for");
    }

    @Test
    void aCamelMainHostNeedsOnlyProperties() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.main.configuration-classes", ClusterUtilsConfiguration.class.getName());
        main.addInitialProperty("camel.main.routes-include-pattern", ClusterUtilsRoutes.PIPELINE);
        main.addInitialProperty("camel.main.jmx-enabled", "false");
        main.addInitialProperty("cu.backend", "local");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from(CuEndpoints.COMPLETED_SUBSCRIPTION).routeId("host-completions").to("mock:completed");
            }
        });
        main.start();
        try {
            CamelContext c = main.getCamelContext();
            assertNotNull(c.getRegistry().lookupByName(CuExtensions.STAGES));
            c.createProducerTemplate().sendBody(CuEndpoints.START, SmallGrids.tree("main_host", tmp.resolve("res")));
            RunCompleted done = awaitCompletion(c, 1);
            assertEquals(RunOutcome.Status.FINISHED, done.outcome().status(), done.outcome().message());
            assertEquals(5, SmallGrids.rows(tmp.resolve("res"), "main_host").size());
        } finally {
            main.stop();
        }
    }

    static void await(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
