package dev.clusterutils.camel;

import dev.clusterutils.dashboard.HttpSettings;
import dev.clusterutils.inbox.InboxOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The inbox server: Camel Main with the pipeline and the inbox routes, running until
 * {@link Server#stop()}. Stopping takes no new file, stops every live run (jobs cancelled,
 * tables written) and leaves their files in {@code .running/} to continue at the next start.
 */
public final class ServeLauncher {
    /** How long a stop waits for the runs to write their tables before Camel shuts down anyway. */
    private static final long STOP_WAIT_SECONDS = 60;

    private final CuStages stages;
    private final MainProperties properties;
    private final HttpSettings http;

    public ServeLauncher(CuStages stages, MainProperties properties) {
        this(stages, properties, HttpSettings.off());
    }

    /** @param http the dashboard's server, showing every run of the inbox, when enabled */
    public ServeLauncher(CuStages stages, MainProperties properties, HttpSettings http) {
        this.stages = stages;
        this.properties = properties;
        this.http = http;
    }

    /** The running server, handed to the caller once Camel has started. */
    public interface Server {
        CamelContext camel();

        CuInbox inbox();

        /** Stops cleanly (callable from any thread, once); {@link #serve} returns afterwards. */
        void stop();
    }

    /** Blocks until the server is stopped. */
    public void serve(InboxOptions options, Consumer<String> notices, Consumer<Server> onStarted) throws Exception {
        CuInbox inbox = ClusterUtilsRoutes.prepareInbox(options, notices);
        Main main = new Main();
        Map<String, String> inboxProps = new LinkedHashMap<>();
        inboxProps.put(InboxOptions.DIR, options.dir().toString());
        inboxProps.put(InboxOptions.POLL_MS, Long.toString(options.pollMillis()));
        inboxProps.put(InboxOptions.SETTLE_MS, Long.toString(options.settleMillis()));
        inboxProps.put(InboxOptions.CONCURRENT_RUNS, Integer.toString(options.concurrentRuns()));
        inboxProps.put(InboxOptions.LOCK_TIMEOUT_MS, Long.toString(options.lockTimeoutMillis()));
        if (http.enabled()) {
            inboxProps.putAll(ClusterUtilsRoutes.httpServerProperties(http));
            properties.with(inboxProps).applyTo(main, ClusterUtilsRoutes.PIPELINE, ClusterUtilsRoutes.INBOX, ClusterUtilsRoutes.HTTP);
        } else {
            properties.with(inboxProps).applyTo(main, ClusterUtilsRoutes.PIPELINE, ClusterUtilsRoutes.INBOX);
        }
        main.bind(CuExtensions.STAGES, stages);
        main.bind(CuExtensions.JOBS, new CuJobs());
        main.bind(CuExtensions.OPTIMIZER, new CuOptimizer());
        main.bind(CuExtensions.INBOX, inbox);
        if (http.enabled()) {
            main.bind(CuExtensions.HTTP, new CuHttp(stages, () -> {
                try {
                    return inbox.inbox().endedResultsDirs();
                } catch (IOException e) {
                    return List.of();
                }
            }, http));
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                ClusterUtilsRoutes.startBeanComponent(m.getCamelContext());
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                CamelContext camel = m.getCamelContext();
                ClusterUtilsRoutes.registerHealthCheck(camel, new RunsHealthCheck(stages));
                ClusterUtilsRoutes.registerHealthCheck(camel, new InboxHealthCheck(inbox));
                ClusterUtilsRoutes.stopRunsWithContext(camel, stages);
                onStarted.accept(new RunningServer(camel, inbox, main));
            }
        });
        main.run();
    }

    private final class RunningServer implements Server {
        private final CamelContext camel;
        private final CuInbox inbox;
        private final Main main;
        private final AtomicBoolean stopping = new AtomicBoolean();

        RunningServer(CamelContext camel, CuInbox inbox, Main main) {
            this.camel = camel;
            this.inbox = inbox;
            this.main = main;
        }

        public CamelContext camel() {
            return camel;
        }

        public CuInbox inbox() {
            return inbox;
        }

        public void stop() {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            try {
                inbox.stop();
                camel.getRouteController().stopRoute(ClusterUtilsRoutes.INBOX_ROUTE, 5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the inbox bean takes no file any more either way
            }
            stages.stopAll(camel, Duration.ofSeconds(STOP_WAIT_SECONDS));
            // the completion events reach the inbox through a queue: let it note the stopped files
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (inbox.active() > 0 && System.nanoTime() < settle) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            main.completed();
        }
    }
}
