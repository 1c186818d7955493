package dev.clusterutils.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.clusterutils.dashboard.Dashboard;
import dev.clusterutils.dashboard.HttpSettings;
import dev.clusterutils.dashboard.JobState;
import dev.clusterutils.dashboard.Tails;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.CamelLogger;
import org.apache.camel.spi.LogListener;

/**
 * The bean behind the HTTP routes ({@code routes/cluster-utils-http.yaml}): it reads the request's
 * headers, asks the plain-Java {@link Dashboard} and answers with JSON, the page or the metrics.
 * It decides nothing about runs; the routes only carry requests to it.
 */
public final class CuHttp {
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final int LOG_LINES = 500;
    /** The page's files on the classpath (under {@code dashboard/}), by the name the page asks for. */
    private static final Map<String, String> ASSETS = Map.of(
            "dashboard.js", "application/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "chart.umd.min.js", "application/javascript; charset=utf-8",
            "LICENSE-chart.js.md", "text/plain; charset=utf-8");

    private final CuStages stages;
    private final Dashboard dashboard;
    private final HttpSettings settings;
    private final Deque<String> camelLog = new ArrayDeque<>();
    private volatile CuMetrics metrics;
    private volatile MeterRegistry registry;
    private volatile boolean listening;

    /**
     * @param past results directories of ended runs to show too (the inbox's), besides the live
     *             runs and those that ended while this bean looked
     */
    public CuHttp(CuStages stages, Supplier<Collection<Path>> past, HttpSettings settings) {
        this.stages = stages;
        this.settings = settings;
        this.dashboard = new Dashboard(new Dashboard.Source() {
            public Collection<Dashboard.LiveRun> live() {
                List<Dashboard.LiveRun> out = new ArrayList<>();
                for (var ctx : stages.registry().all()) {
                    out.add(new Dashboard.LiveRun(ctx.id, ctx.settings.name(), ctx.layout.resultsDir(), ctx.status(),
                            ctx.backend() == null ? null : ctx.backend().kind()));
                }
                return out;
            }

            public Collection<Path> past() {
                return past.get();
            }
        });
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public HttpSettings settings() {
        return settings;
    }

    // --- access ---------------------------------------------------------------------------------

    /**
     * First step of every route but the static files': with a token configured, the request must
     * carry it ({@code ?token=} or {@code Authorization: Bearer}); otherwise 401 and the route stops.
     */
    public void authorize(Exchange exchange) {
        // the console's log starts with the first request, not with the first look at it
        listen(exchange.getContext());
        String token = settings.token();
        if (token == null) {
            return;
        }
        Message in = exchange.getMessage();
        String given = in.getHeader("token", String.class);
        String auth = in.getHeader("Authorization", String.class);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).strip();
        }
        if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        reply(exchange, 401, "text/plain; charset=utf-8", "A token is required: ?token=... or Authorization: Bearer ...\n");
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        exchange.setRouteStop(true);
    }

    // --- the page ---------------------------------------------------------------------------------

    /** GET / — the page; it fetches everything else itself. */
    public void page(Exchange exchange) throws IOException {
        reply(exchange, 200, "text/html; charset=utf-8", resource("index.html"));
    }

    /** GET /assets/{file} — the page's script, style and the vendored chart library with its licence. */
    public void asset(Exchange exchange) throws IOException {
        String file = exchange.getMessage().getHeader("file", String.class);
        String type = file == null ? null : ASSETS.get(file);
        if (type == null) {
            reply(exchange, 404, "text/plain; charset=utf-8", "no such file\n");
            return;
        }
        reply(exchange, 200, type, resource(file));
        exchange.getMessage().setHeader("Cache-Control", "max-age=300");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CuHttp.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IOException("the jar lacks dashboard/" + name);
            }
            return in.readAllBytes();
        }
    }

    // --- the JSON API -------------------------------------------------------------------------------

    /** GET /api/runs — every run: live ones, then ended ones (in serve mode every run of the inbox). */
    public void runs(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("camel_console", settings.camelConsole());
        doc.put("runs", dashboard.runs());
        json(exchange, 200, doc);
    }

    /** GET /api/runs/{name} */
    public void run(Exchange exchange) throws JsonProcessingException {
        found(exchange, dashboard.run(name(exchange)));
    }

    /**
     * GET /api/runs/{name}/jobs — query {@code state} (comma-separated labels), {@code sort} (id, value,
     * seconds, ended, state), {@code order} (asc, desc), {@code offset}, {@code limit} (default: all).
     */
    public void jobs(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        String asked = in.getHeader("state", String.class);
        if (asked != null && !asked.isBlank() && !asked.equals("all")) {
            for (String s : asked.split(",")) {
                JobState st = JobState.of(s);
                if (st == null) {
                    json(exchange, 400, Map.of("error", "unknown state '" + s.strip() + "'"));
                    return;
                }
                states.add(st);
            }
        }
        long offset;
        int limit;
        try {
            offset = Math.max(0, number(in, "offset", 0));
            limit = (int) Math.min(Integer.MAX_VALUE, number(in, "limit", -1));
        } catch (NumberFormatException e) {
            json(exchange, 400, Map.of("error", "offset and limit are whole numbers"));
            return;
        }
        boolean desc = "desc".equalsIgnoreCase(in.getHeader("order", String.class));
        found(exchange, dashboard.jobs(name(exchange), states, in.getHeader("sort", String.class), desc, offset, limit));
    }

    /** GET /api/runs/{name}/jobs/{id} — one job, with the tails of its stdout and stderr. */
    public void job(Exchange exchange) throws JsonProcessingException {
        long id;
        try {
            id = Long.parseLong(exchange.getMessage().getHeader("id", String.class));
        } catch (NumberFormatException e) {
            json(exchange, 400, Map.of("error", "a job id is a whole number"));
            return;
        }
        found(exchange, dashboard.job(name(exchange), id));
    }

    /** GET /api/runs/{name}/charts — query {@code metric} to chart another metric than the run's own. */
    public void charts(Exchange exchange) throws JsonProcessingException {
        found(exchange, dashboard.charts(name(exchange), exchange.getMessage().getHeader("metric", String.class)));
    }

    private static String name(Exchange exchange) {
        return exchange.getMessage().getHeader("name", String.class);
    }

    private static long number(Message in, String header, long otherwise) {
        String v = in.getHeader(header, String.class);
        return v == null || v.isBlank() ? otherwise : Long.parseLong(v.strip());
    }

    private void found(Exchange exchange, Optional<?> value) throws JsonProcessingException {
        if (value.isPresent()) {
            json(exchange, 200, value.get());
        } else {
            json(exchange, 404, Map.of("error", "no run '" + name(exchange) + "' (GET /api/runs lists them)"));
        }
    }

    // --- platform -------------------------------------------------------------------------------------

    /** GET /health — Camel's health checks ({@code cu-runs}, routes, consumers, the inbox); 503 when one is DOWN. */
    public void health(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> doc = ServerStatus.of(exchange.getContext());
        json(exchange, "UP".equals(doc.get("state")) ? 200 : 503, doc);
    }

    /** GET /metrics — Prometheus text: Camel's route metrics and the pipeline's (cu_jobs, cu_messages_*, cu_queue_size). */
    public void metrics(Exchange exchange) {
        MeterRegistry r = registry(exchange.getContext());
        metrics.update(dashboard);
        String text = r instanceof PrometheusMeterRegistry p ? p.scrape() : "";
        reply(exchange, 200, PROMETHEUS_TYPE, text);
    }

    /**
     * The registry Camel's micrometer support made ({@code metricsRegistry}, with
     * {@code camel.metrics.enabled=true}), else a Prometheus registry of our own, bound under that name.
     */
    synchronized MeterRegistry registry(CamelContext camel) {
        if (registry == null) {
            MeterRegistry found = camel.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
            if (found == null) {
                found = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, found);
            }
            metrics = CuMetrics.bind(found, camel, stages);
            registry = found;
        }
        return registry;
    }

    /** GET /api/camel/routes ({@code cu.http.camel-console=true}) — every route: state, uptime, exchanges. */
    public void camelRoutes(Exchange exchange) throws JsonProcessingException {
        CamelContext camel = exchange.getContext();
        MeterRegistry r = registry(camel);
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", route.getId());
            m.put("from", route.getEndpoint().toString());
            m.put("state", String.valueOf(camel.getRouteController().getRouteStatus(route.getId())));
            m.put("uptime_ms", route.getUptimeMillis());
            m.put("inflight", camel.getInflightRepository().size(route.getId()));
            m.put("exchanges_total", counter(r, MicrometerConstants.DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_TOTAL_METER_NAME, route.getId()));
            m.put("exchanges_failed", counter(r, MicrometerConstants.DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_FAILED_METER_NAME, route.getId()));
            routes.add(m);
        }
        routes.sort(Comparator.comparing(m -> String.valueOf(m.get("id"))));
        json(exchange, 200, Map.of("context", camel.getName(), "version", camel.getVersion(), "routes", routes));
    }

    private static Long counter(MeterRegistry r, String name, String routeId) {
        double sum = 0;
        boolean any = false;
        for (Meter m : r.find(name).tag(MicrometerConstants.ROUTE_ID_TAG, routeId).meters()) {
            for (var measurement : m.measure()) {
                sum += measurement.getValue();
                any = true;
            }
        }
        return any ? Math.round(sum) : null;
    }

    /**
     * GET /api/camel/logs ({@code cu.http.camel-console=true}) — the last lines Camel's log EIP and
     * {@code log:} endpoints wrote (at the levels the logging configuration enables), and the tail of
     * each live run's {@code cluster_run.log}.
     */
    public void camelLogs(Exchange exchange) throws JsonProcessingException {
        listen(exchange.getContext());
        List<String> camel;
        synchronized (camelLog) {
            camel = new ArrayList<>(camelLog);
        }
        Map<String, List<String>> runs = new LinkedHashMap<>();
        for (var ctx : stages.registry().all()) {
            ctx.log.flush();
            runs.put(ctx.settings.name(), Tails.lines(ctx.layout.log(), 100));
        }
        json(exchange, 200, Map.of("camel", camel, "runs", runs));
    }

    /** Starts collecting Camel's log lines (once); the routes call it when the console is on. */
    public void listen(CamelContext camel) {
        if (listening || !settings.camelConsole()) {
            return;
        }
        synchronized (this) {
            if (listening) {
                return;
            }
            listening = true;
        }
        camel.getCamelContextExtension().addLogListener(new LogListener() {
            @Override
            public String onLog(Exchange exchange, CamelLogger logger, String message) {
                String line = LocalTime.now().withNano(0) + " " + logger.getLevel() + " " + logger.getLog().getName()
                        + " - " + message;
                synchronized (camelLog) {
                    camelLog.addLast(line);
                    while (camelLog.size() > LOG_LINES) {
                        camelLog.removeFirst();
                    }
                }
                return message;
            }
        });
    }

    // --- replies --------------------------------------------------------------------------------------

    private static void json(Exchange exchange, int code, Object body) throws JsonProcessingException {
        reply(exchange, code, JSON_TYPE, JSON.writeValueAsBytes(body));
        exchange.getMessage().setHeader("Cache-Control", "no-store");
    }

    /** The request's headers are not echoed: only what is set here goes back. */
    private static void reply(Exchange exchange, int code, String type, Object body) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        out.setHeader(Exchange.CONTENT_TYPE, type);
        out.setBody(body);
    }
}
