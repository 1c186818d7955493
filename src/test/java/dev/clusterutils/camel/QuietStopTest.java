package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The command line's end of Camel: once the run is over nothing may start new work, or Camel's
 * shutdown finds it in flight and waits a whole second before it looks again (a 1 s exit, seen
 * about once in 40 one-job runs: a tick of the run clock under way when the shutdown looked).
 */
class QuietStopTest {
    @Test
    void aTimerExchangeDoesNotDelayTheStopBySecond() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        // busy most of the time, as if each tick took long: a stop lands on a tick in flight
                        from("timer:clock?period=20&delay=0").process(e -> Thread.sleep(150));
                        from("seda:events?pollTimeout=100").log("${body}");
                    }
                });
                camel.start();
                Thread.sleep(100);
                long t0 = System.nanoTime();
                CamelLauncher.endWork(camel, 3000);
                camel.stop();
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms < 700, "stopping took " + ms + " ms");
            }
        }
    }
}
