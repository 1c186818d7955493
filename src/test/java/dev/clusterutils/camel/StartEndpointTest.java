package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendFactory;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.run.MessageChannel;
import dev.clusterutils.run.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start endpoint's contract, without processes: the host's backend factory and message
 * channels (both fakes here) stand in for the real ones, so jobs are "submitted" and stay running.
 */
class StartEndpointTest {
    @TempDir
    Path tmp;

    private CamelContext camel;
    private ProducerTemplate template;
    private final AtomicInteger submitted = new AtomicInteger();

    /** Accepts every job and keeps it running until cancelled. */
    private final class FakeBackend implements Backend {
        private final AtomicInteger ids = new AtomicInteger();

        public String kind() {
            return "fake";
        }

        public JobHandle submit(JobSpec spec) {
            submitted.incrementAndGet();
            return new JobHandle("fake", "fake-" + ids.getAndIncrement());
        }

        public Map<JobHandle, JobStatus> poll(Collection<JobHandle> handles) {
            Map<JobHandle, JobStatus> out = new LinkedHashMap<>();
            handles.forEach(h -> out.put(h, JobStatus.RUNNING));
            return out;
        }

        public void cancel(JobHandle handle) {
        }

        public Duration pollInterval() {
            return Duration.ofSeconds(60);
        }

        public int maxInFlight() {
            return 2;
        }

        public void close() {
        }
    }

    @BeforeEach
    void start() throws Exception {
        DefaultCamelContext c = new DefaultCamelContext();
        camel = c;
        c.getPropertiesComponent().addInitialProperty("cu.backend", "fake");
        // seda consumers notice the stop within 100 ms instead of a second: a quicker test, nothing else
        c.getComponent("seda", org.apache.camel.component.seda.SedaComponent.class).setDefaultPollTimeout(100);
        BackendFactory fakes = (kind, requirements, maxJobs, env, config) -> {
            if (kind.equals("broken")) {
                throw new IllegalArgumentException("backend 'broken' is not available");
            }
            return new FakeBackend();
        };
        MessageChannel.Factory quiet = (bind, port, sink) -> new MessageChannel() {
            public String address() {
                return "127.0.0.1:9";
            }

            public long malformed() {
                return 0;
            }

            public void close() {
            }
        };
        c.getRegistry().bind(CuExtensions.BACKEND_FACTORY, fakes);
        c.getRegistry().bind(CuExtensions.MESSAGE_CHANNELS, quiet);
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CuEndpoints.COMPLETED_SUBSCRIPTION).routeId("test-completions").to("mock:completed");
            }
        });
        ClusterUtilsRoutes.install(c);
        c.start();
        template = c.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Map<String, Object> tree(String name) {
        Map<String, Object> t = new LinkedHashMap<>(SmallGrids.tree(name, tmp.resolve("res")));
        t.put("script_relative_path", "examples/basic/metrics_writer.sh"); // never run: the backend is a fake
        t.put("environment_setup", Map.of("is_python_script", false));
        return t;
    }

    @Test
    void theRoutesNameTheQueuesByPlaceholderAndGetTheirOptions() {
        for (String uri : CuEndpoints.URI_PROPERTIES.values()) {
            org.apache.camel.component.seda.SedaEndpoint seda = camel.getEndpoint(uri, org.apache.camel.component.seda.SedaEndpoint.class);
            assertEquals(1_000_000, seda.getSize(), uri);
            assertTrue(seda.isBlockWhenFull(), uri);
        }
        // the routes' consumers sit on those very endpoints, with the options the placeholders carry
        org.apache.camel.component.seda.SedaEndpoint events = (org.apache.camel.component.seda.SedaEndpoint) camel.getRoute("cu-events").getEndpoint();
        assertEquals(1_000_000, events.getSize());
        assertEquals(1, events.getConcurrentConsumers());
    }

    @Test
    void aHostPropertyThatRenamesAQueueIsRefused() throws Exception {
        try (DefaultCamelContext other = new DefaultCamelContext()) {
            other.getPropertiesComponent().addInitialProperty("cu.uri.events", "seda:cu-events");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterUtilsRoutes.install(other));
            assertTrue(e.getMessage().contains("cu.uri.events") && e.getMessage().contains("cannot be changed"), e.getMessage());
        }
    }

    @Test
    void theReplyNamesTheRunAndItsResultsAndTheJobsGoToTheBackend() throws Exception {
        RunStarted started = template.requestBody(CuEndpoints.START, tree("a"), RunStarted.class);
        assertNotNull(started.runId());
        assertEquals("a", started.name());
        assertEquals(tmp.resolve("res/a"), started.resultsDir());
        EmbeddedHostIT.await(() -> submitted.get() == 2, 10_000);
        assertEquals(2, submitted.get(), "as many as the backend keeps in flight");
        assertTrue(Files.exists(tmp.resolve("res/a/journal.jsonl")));
    }

    @Test
    void aRunIdInUseAndABusyResultsDirectoryAreRefused() {
        template.requestBodyAndHeader(CuEndpoints.START, tree("a"), CuHeaders.RUN_ID, "mine");
        CamelExecutionException sameId = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeader(CuEndpoints.START, tree("b"), CuHeaders.RUN_ID, "mine"));
        assertTrue(sameId.getCause().getMessage().contains("run id mine is in use"), sameId.getCause().getMessage());
        CamelExecutionException busy = assertThrows(CamelExecutionException.class,
                () -> template.requestBody(CuEndpoints.START, tree("a")));
        RunRegistry.ResultsDirBusy cause = assertInstanceOf(RunRegistry.ResultsDirBusy.class, busy.getCause());
        assertEquals("mine", cause.holder());
    }

    @Test
    void aBadRunTypeOrBodyIsRefusedWithAMessage() {
        CamelExecutionException type = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeader(CuEndpoints.START, tree("a"), CuHeaders.RUN_TYPE, "grid"));
        assertTrue(type.getCause().getMessage().contains("neither grid_search nor hp_optimization"));
        CamelExecutionException body = assertThrows(CamelExecutionException.class,
                () -> template.requestBody(CuEndpoints.START, 42));
        assertTrue(body.getCause().getMessage().contains("not java.lang.Integer"), body.getCause().getMessage());
    }

    @Test
    void theExplicitTypeWinsOverTheKeys() {
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeader(CuEndpoints.START, tree("a"), CuHeaders.RUN_TYPE, "hp_optimization"));
        assertTrue(e.getCause().getMessage().contains("optimized_params"), e.getCause().getMessage());
    }

    @Test
    void stoppingEveryRunCompletesThemAsInterrupted() throws Exception {
        template.requestBody(CuEndpoints.START, tree("a"));
        template.requestBody(CuEndpoints.START, tree("b"));
        List<?> stopped = template.requestBody(CuEndpoints.STOP, null, List.class);
        assertEquals(2, stopped.size());
        MockEndpoint done = camel.getEndpoint("mock:completed", MockEndpoint.class);
        done.expectedMessageCount(2);
        done.assertIsSatisfied();
        for (var ex : done.getExchanges()) {
            assertEquals(RunOutcome.Status.INTERRUPTED, ex.getMessage().getBody(RunCompleted.class).outcome().status());
        }
        assertEquals(List.of(), template.requestBody(CuEndpoints.STATUS, null, List.class));
    }

    @Test
    void stoppingTheHostsContextStopsItsRunsFirst() throws Exception {
        RunStarted started = template.requestBody(CuEndpoints.START, tree("a"), RunStarted.class);
        EmbeddedHostIT.await(() -> submitted.get() == 2, 10_000);
        camel.stop();
        String journal = Files.readString(started.resultsDir().resolve("journal.jsonl"));
        assertTrue(journal.contains("\"status\":\"interrupted\""), journal);
        assertTrue(Files.readString(started.resultsDir().resolve("metadata.json")).contains("interrupted"));
    }

    @Test
    void aRunWhoseBackendCannotBeMadeRepliesWithItsEnd() throws Exception {
        Object reply = template.requestBodyAndHeader(CuEndpoints.START, tree("a"), CuHeaders.PROPERTIES,
                Map.of("cu.backend", "broken"));
        RunCompleted ended = assertInstanceOf(RunCompleted.class, reply);
        assertEquals(RunOutcome.Status.ABORTED, ended.outcome().status());
        assertTrue(ended.outcome().message().contains("backend 'broken' is not available"), ended.outcome().message());
        assertTrue(Files.readString(tmp.resolve("res/a/metadata.json")).contains("aborted"));
        // the results directory is free again
        assertInstanceOf(RunStarted.class, template.requestBody(CuEndpoints.START, tree("a")));
    }
}
