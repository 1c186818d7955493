package dev.clusterutils.camel;

import dev.clusterutils.dashboard.Dashboard;
import dev.clusterutils.dashboard.RunSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.seda.SedaEndpoint;

/**
 * The pipeline's own meters, next to Camel's route metrics in the same registry: jobs per state of
 * each live run, job messages received and rejected, the sizes of the stage queues and the number
 * of live runs. Names follow Micrometer's conventions; Prometheus shows {@code cu.jobs} as
 * {@code cu_jobs}, {@code cu.messages.received} as {@code cu_messages_received_total}.
 */
final class CuMetrics {
    /** The queues between stages, by the route that consumes each. */
    static final Map<String, String> QUEUES = Map.of("cu-events", CuEndpoints.EVENTS, "cu-messages", CuEndpoints.MESSAGES,
            "cu-submit", CuEndpoints.SUBMIT, "cu-poll", CuEndpoints.POLL, "cu-completed", CuEndpoints.COMPLETED);

    private final MultiGauge jobs;

    private CuMetrics(MultiGauge jobs) {
        this.jobs = jobs;
    }

    static CuMetrics bind(MeterRegistry registry, CamelContext camel, CuStages stages) {
        FunctionCounter.builder("cu.messages.received", stages, CuStages::messagesReceived)
                .description("Job messages that reached the message stage").register(registry);
        FunctionCounter.builder("cu.messages.rejected", stages, CuStages::messagesRejected)
                .description("Job messages that did not count: unknown or forged, failed in the message stage, or undecodable")
                .register(registry);
        Gauge.builder("cu.runs.live", stages, s -> s.registry().all().size()).description("Runs alive in this process")
                .register(registry);
        QUEUES.forEach((queue, uri) -> Gauge.builder("cu.queue.size", camel, c -> queueSize(c, uri)).tag("queue", queue)
                .description("Messages waiting in a stage's queue").register(registry));
        return new CuMetrics(MultiGauge.builder("cu.jobs").description("Jobs of each live run by state").register(registry));
    }

    private static double queueSize(CamelContext camel, String uri) {
        Endpoint e = camel.hasEndpoint(uri);
        return e instanceof SedaEndpoint seda ? seda.getCurrentQueueSize() : 0;
    }

    /** Jobs per state of the live runs, as the dashboard counts them; called before each scrape. */
    void update(Dashboard dashboard) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (RunSummary r : dashboard.runs()) {
            if (!r.live()) {
                continue;
            }
            r.counts().forEach((state, n) -> rows.add(MultiGauge.Row.of(Tags.of("run", r.name(), "state", state), n)));
        }
        jobs.register(rows, true);
    }
}
