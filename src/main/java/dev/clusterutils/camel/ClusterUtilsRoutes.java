package dev.clusterutils.camel;

import dev.clusterutils.dashboard.HttpSettings;
import dev.clusterutils.inbox.Inbox;
import dev.clusterutils.inbox.InboxOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.bean.BeanComponent;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Puts cluster-utils into a CamelContext that someone else owns (a host platform, a test): binds
 * the default beans where the host has not bound its own, registers the health checks and loads
 * the routes from the library jar. Nothing global is touched: no properties file is read, no
 * error handler or route configuration is installed for the host's routes, and the pipeline's
 * routes take only route configurations named {@code cu-*}.
 *
 * <pre>{@code
 * CamelContext camel = new DefaultCamelContext();
 * ClusterUtilsRoutes.install(camel);
 * camel.start();
 * RunStarted started = camel.createProducerTemplate().requestBody(CuEndpoints.START, Path.of("grid.toml"), RunStarted.class);
 * }</pre>
 */
public final class ClusterUtilsRoutes {
    /** The pipeline: one route per stage. */
    public static final String PIPELINE = "classpath:routes/cluster-utils.yaml";
    /** The watched inbox folder; needs the {@code cuInbox} bean ({@link #installInbox}). */
    public static final String INBOX = "classpath:routes/cluster-utils-inbox.yaml";
    public static final String INBOX_ROUTE = "cu-inbox";
    /** The dashboard, JSON API, /metrics and /health; needs the {@code cuHttp} bean and a platform-http server. */
    public static final String HTTP = "classpath:routes/cluster-utils-http.yaml";

    private ClusterUtilsRoutes() {
    }

    /**
     * Binds the default beans if absent and loads the pipeline together with {@code moreRoutes}
     * (the host's own route files, e.g. a {@code routeConfiguration} named {@code cu-*} that
     * intercepts stages: Camel applies route configurations to routes as they are added, so they
     * must come in the same load or earlier). Returns the {@code cuStages} bean in use.
     */
    public static CuStages install(CamelContext camel, String... moreRoutes) throws Exception {
        CuStages stages = bindDefaults(camel, CuStages::production);
        String[] all = new String[moreRoutes.length + 1];
        all[0] = PIPELINE;
        System.arraycopy(moreRoutes, 0, all, 1, moreRoutes.length);
        loadRoutes(camel, all);
        return stages;
    }

    /**
     * Adds the inbox to a context that has the pipeline: puts back files a stopped server left
     * running, binds {@code cuInbox} (unless bound) and loads the inbox routes. The folder is also
     * given to the routes as the property {@code cu.inbox}, unless the host's properties have one.
     */
    public static CuInbox installInbox(CamelContext camel, InboxOptions options, Consumer<String> notices) throws Exception {
        CuInbox inbox = camel.getRegistry().lookupByNameAndType(CuExtensions.INBOX, CuInbox.class);
        if (inbox == null) {
            inbox = prepareInbox(options, notices);
            camel.getRegistry().bind(CuExtensions.INBOX, inbox);
        }
        inboxProperties(camel, options);
        registerHealthCheck(camel, new InboxHealthCheck(inbox));
        loadRoutes(camel, INBOX);
        return inbox;
    }

    /**
     * Adds the HTTP routes to a context that has the pipeline and a platform-http server of its own
     * (Spring Boot's, Quarkus's, or a {@code VertxPlatformHttpServer} the host added): binds
     * {@code cuHttp} unless bound and loads {@link #HTTP}. {@code past}: results directories of ended
     * runs to show besides the live ones (may be empty).
     */
    public static CuHttp installHttp(CamelContext camel, Supplier<Collection<Path>> past)
            throws Exception {
        CuHttp http = bindHttp(camel, past);
        loadRoutes(camel, HTTP);
        return http;
    }

    /** Binds {@code cuHttp} (settings from the context's {@code cu.http.*} properties) unless the host has one. */
    static CuHttp bindHttp(CamelContext camel, Supplier<Collection<Path>> past) {
        CuHttp http = camel.getRegistry().lookupByNameAndType(CuExtensions.HTTP, CuHttp.class);
        if (http == null) {
            CuStages stages = bindDefaults(camel, CuStages::production);
            http = new CuHttp(stages, past, HttpSettings.from(CuExtensions.properties(camel)));
            camel.getRegistry().bind(CuExtensions.HTTP, http);
        }
        return http;
    }

    /**
     * Camel Main's properties for its embedded HTTP server (camel-platform-http-main) on the
     * settings' address and port, and for Camel's Prometheus registry that /metrics scrapes.
     */
    public static Map<String, String> httpServerProperties(HttpSettings http) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.server.enabled", "true");
        p.put("camel.server.host", http.address());
        p.put("camel.server.port", Integer.toString(http.port()));
        p.put("camel.metrics.enabled", "true");
        // per-endpoint exchange timers: tag sets Prometheus refuses to mix, and a cost per exchange; the route policy's remain
        p.put("camel.metrics.enableExchangeEventNotifier", "false");
        p.put(HttpSettings.CAMEL_CONSOLE, Boolean.toString(http.camelConsole()));
        return p;
    }

    /** The inbox bean over {@code options.dir()}, after putting back what a stopped server left running. */
    static CuInbox prepareInbox(InboxOptions options, Consumer<String> notices) throws IOException {
        Inbox folder = new Inbox(options.dir());
        List<String> recovered = folder.recover();
        if (!recovered.isEmpty()) {
            notices.accept("Continuing " + String.join(", ", recovered) + " (stopped before their runs ended)");
        }
        return new CuInbox(folder, options, notices);
    }

    /** The inbox's settings as property placeholders for the inbox routes; the host's own values win. */
    static void inboxProperties(CamelContext camel, InboxOptions options) {
        var pc = camel.getPropertiesComponent();
        Map<String, String> values = Map.of(InboxOptions.DIR, options.dir().toString(),
                InboxOptions.POLL_MS, Long.toString(options.pollMillis()),
                InboxOptions.SETTLE_MS, Long.toString(options.settleMillis()),
                InboxOptions.CONCURRENT_RUNS, Integer.toString(options.concurrentRuns()),
                InboxOptions.LOCK_TIMEOUT_MS, Long.toString(options.lockTimeoutMillis()));
        values.forEach((k, v) -> {
            if (pc.resolveProperty(k).isEmpty()) {
                pc.addInitialProperty(k, v);
            }
        });
    }

    /** Binds {@code cuStages}, {@code cuJobs} and {@code cuOptimizer} unless the host has its own; registers the health check. */
    public static CuStages bindDefaults(CamelContext camel, Supplier<CuStages> defaults) {
        uriProperties(camel);
        CuStages stages = camel.getRegistry().lookupByNameAndType(CuExtensions.STAGES, CuStages.class);
        if (stages == null) {
            stages = defaults.get();
            camel.getRegistry().bind(CuExtensions.STAGES, stages);
        }
        if (camel.getRegistry().lookupByName(CuExtensions.JOBS) == null) {
            camel.getRegistry().bind(CuExtensions.JOBS, new CuJobs());
        }
        if (camel.getRegistry().lookupByName(CuExtensions.OPTIMIZER) == null) {
            camel.getRegistry().bind(CuExtensions.OPTIMIZER, new CuOptimizer());
        }
        registerHealthCheck(camel, new RunsHealthCheck(stages));
        stopRunsWithContext(camel, stages);
        return stages;
    }

    /**
     * Defines the queue URI placeholders of {@link CuEndpoints#URI_PROPERTIES} for the routes. A host
     * property of the same name with another value is refused: the Java side sends to the fixed URIs,
     * and seda would refuse the mismatch later, less clearly.
     */
    static void uriProperties(CamelContext camel) {
        var pc = camel.getPropertiesComponent();
        CuEndpoints.URI_PROPERTIES.forEach((k, v) -> {
            Optional<String> have = pc.resolveProperty(k);
            if (have.isEmpty()) {
                pc.addInitialProperty(k, v);
            } else if (!have.get().equals(v)) {
                throw new IllegalArgumentException("The property " + k + " names a pipeline queue and cannot be changed: it is " + v
                        + ", the host's properties say " + have.get());
            }
        });
    }

    /** When the CamelContext stops, its live runs are stopped first (jobs cancelled, tables written). */
    static void stopRunsWithContext(CamelContext camel, CuStages stages) {
        camel.addLifecycleStrategy(LifecycleStrategySupport.adapt(
                LifecycleStrategySupport.onCamelContextStopping(
                        c -> stages.stopAll(c, Duration.ofSeconds(30)))));
    }

    static void registerHealthCheck(CamelContext camel, HealthCheck check) {
        HealthCheckRegistry health = HealthCheckRegistry.get(camel);
        if (health != null && health.getCheck(check.getId()).isEmpty()) {
            if (check instanceof CamelContextAware aware) {
                aware.setCamelContext(camel);
            }
            health.register(check);
        }
    }

    /**
     * Starts Camel's bean component ahead of the routes. Its cache of introspected classes exists
     * only once the component has started, and Camel builds routes before it starts components:
     * without this, every {@code bean} step of the pipeline introspects {@code CuStages} afresh
     * (46 times, about 80 ms of a run's start-up).
     */
    public static void startBeanComponent(CamelContext camel) {
        ServiceHelper.startService(camel.getComponent("bean", BeanComponent.class));
    }

    /** Loads route files ({@code classpath:}, {@code file:} ...) into {@code camel}. */
    public static void loadRoutes(CamelContext camel, String... locations) throws Exception {
        startBeanComponent(camel);
        Resource[] resources = new Resource[locations.length];
        for (int i = 0; i < locations.length; i++) {
            resources[i] = ResourceHelper.resolveMandatoryResource(camel, locations[i]);
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
    }
}
