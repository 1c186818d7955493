package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** CamelLauncher.endPolls: every seda consumer stops taking exchanges once it returns. */
class EndPollsTest {
    @Test
    void afterEndPollsNoSedaConsumerTakesAnExchangeAndCamelStillStops() throws Exception {
        AtomicInteger taken = new AtomicInteger();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // a long poll, as Camel's default: the consumers are asked while they wait in it
                    from("seda:a?pollTimeout=1000").process(e -> taken.incrementAndGet());
                    from("seda:b?pollTimeout=1000&concurrentConsumers=3").process(e -> taken.incrementAndGet());
                    from("timer:t?period=50").to("seda:a");
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("seda:b", "before");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (taken.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            camel.getRouteController().stopRoute(camel.getRoutes().stream()
                    .filter(r -> r.getEndpoint().getEndpointUri().startsWith("timer")).findFirst().orElseThrow().getId());
            CamelLauncher.endPolls(camel);
            int before = taken.get();
            camel.createProducerTemplate().sendBody("seda:a", "after");
            camel.createProducerTemplate().sendBody("seda:b", "after");
            Thread.sleep(1500);
            assertEquals(before, taken.get(), "a consumer took an exchange after its poll was ended");
            assertEquals(1, camel.getEndpoint("seda:a", SedaEndpoint.class).getCurrentQueueSize());
            // what the run leaves in a queue is Camel's to drop at its shutdown
            camel.getEndpoint("seda:a", SedaEndpoint.class).purgeQueue();
            camel.getEndpoint("seda:b", SedaEndpoint.class).purgeQueue();
        }
    }
}
