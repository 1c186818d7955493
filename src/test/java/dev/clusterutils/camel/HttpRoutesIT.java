package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterutils.dashboard.HttpSettings;
import dev.clusterutils.inbox.InboxOptions;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP routes on Camel Main's own server, in this JVM: the inbox server with {@code cu.http.*}
 * as {@code serve --http-port} sets them up, real HTTP requests (to loopback only), a real grid of
 * Python jobs dropped into the inbox. What address the server listens on is read from the kernel's
 * socket table, so the test never sends anything beyond loopback.
 */
class HttpRoutesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private ServeLauncher.Server server;
    private Thread serving;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (serving != null) {
            serving.join(60_000);
        }
    }

    private int start(Map<String, String> props) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> all = new LinkedHashMap<>(props);
        all.put(HttpSettings.PORT, Integer.toString(port));
        all.put("cu.backend", "local");
        all.put(InboxOptions.POLL_MS, "200");
        all.put(InboxOptions.SETTLE_MS, "200");
        MainProperties properties = new MainProperties(null, null, all);
        HttpSettings settings = HttpSettings.from(properties::get);
        InboxOptions options = InboxOptions.from(tmp.resolve("inbox"), properties::get);
        CompletableFuture<ServeLauncher.Server> started = new CompletableFuture<>();
        serving = new Thread(() -> {
            try {
                new ServeLauncher(CuStages.production(), properties, settings).serve(options, line -> { }, started::complete);
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        }, "http-routes-it");
        serving.start();
        server = started.get(60, TimeUnit.SECONDS);
        this.settings = settings;
        this.port = port;
        return port;
    }

    private HttpSettings settings;
    private int port;

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The local addresses of the sockets listening on {@code port}, from /proc/net/tcp and tcp6. */
    private static List<java.net.InetAddress> listening(int port) throws Exception {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<java.net.InetAddress> out = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                // local_address, and state 0A = LISTEN
                if (f.length > 3 && f[1].endsWith(hexPort) && "0A".equals(f[3])) {
                    out.add(address(f[1].substring(0, f[1].length() - hexPort.length())));
                }
            }
        }
        return out;
    }

    /** The kernel writes each 32-bit word of the address in host byte order (little-endian here). */
    private static java.net.InetAddress address(String hex) throws Exception {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        return java.net.InetAddress.getByAddress(b);
    }

    private static void await(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }

    @Test
    void servesTheApiOnLoopbackOnlyAndShowsEveryRunOfTheInbox() throws Exception {
        start(Map.of());
        List<java.net.InetAddress> bound = listening(port);
        // (Java's sockets are IPv6 ones: 127.0.0.1 shows as ::ffff:127.0.0.1, which InetAddress reads back as 127.0.0.1)
        assertEquals(List.of(java.net.InetAddress.getByName("127.0.0.1")), bound, "bound to 127.0.0.1 and nothing else");
        assertNull(settings.token());

        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("assets/dashboard.js"));
        assertEquals(200, get("/assets/chart.umd.min.js").statusCode());
        assertEquals(404, get("/assets/secret.txt").statusCode());
        assertEquals(0, JSON.readTree(get("/api/runs").body()).get("runs").size());
        assertEquals(404, get("/api/runs/nothing").statusCode());
        // request headers are not echoed into the reply
        assertFalse(get("/api/runs", "X-Probe", "42").headers().firstValue("X-Probe").isPresent());

        Path file = SmallGrids.toml(tmp.resolve("staging/grid.toml"), "web_grid", tmp.resolve("res"));
        Files.move(file, tmp.resolve("inbox/grid.toml"));
        await(() -> Files.exists(tmp.resolve("inbox/.done/grid.toml")), 60_000, "the grid ran");
        JsonNode runs = JSON.readTree(get("/api/runs").body()).get("runs");
        assertEquals(1, runs.size(), runs.toString());
        JsonNode run = runs.get(0);
        assertEquals("web_grid", run.get("name").asText());
        assertEquals("finished", run.get("state").asText());
        assertFalse(run.get("live").asBoolean());
        assertEquals(4, run.get("counts").get("succeeded").asInt());

        JsonNode jobs = JSON.readTree(get("/api/runs/web_grid/jobs?state=succeeded&sort=value&limit=3").body());
        assertEquals(4, jobs.get("matching").asInt());
        assertEquals(3, jobs.get("jobs").size());
        JsonNode job = jobs.get("jobs").get(0);
        assertTrue(job.get("params").has("fn_args.x"), job.toString());
        assertNotNull(job.get("logs").get("stdout").asText(null));
        assertEquals(400, get("/api/runs/web_grid/jobs?state=sleeping").statusCode());
        JsonNode one = JSON.readTree(get("/api/runs/web_grid/jobs/" + job.get("id").asText()).body());
        assertEquals(job.get("id").asInt(), one.get("job").get("id").asInt());
        JsonNode charts = JSON.readTree(get("/api/runs/web_grid/charts").body());
        assertEquals(4, charts.get("history").get("points").size());

        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        for (String meter : List.of("cu_messages_received_total", "cu_messages_rejected_total", "cu_queue_size{queue=\"cu-events\"}",
                "cu_runs_live", "camel_exchanges_total")) {
            assertTrue(metrics.body().contains(meter), meter + " in\n" + metrics.body());
        }
        assertTrue(metrics.body().matches("(?s).*cu_messages_received_total [1-9].*"), "the grid's messages were counted");
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        JsonNode checks = JSON.readTree(health.body());
        assertEquals("UP", checks.get("state").asText());
        assertTrue(checks.get("checks").has("cu-runs"));
        assertTrue(checks.get("checks").has("cu-inbox-folder"));
        // the Camel console is off unless asked for, and so is JMX
        assertEquals(404, get("/api/camel/routes").statusCode());
        String context = server.camel().getManagementName() == null ? server.camel().getName() : server.camel().getManagementName();
        var mbeans = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("org.apache.camel:context=" + context + ",*"), null);
        assertTrue(mbeans.isEmpty(), "no MBeans without camel.main.jmx-enabled: " + mbeans);
    }

    @Test
    void anyOtherAddressRequiresTheTokenAndJmxAndTheCamelConsoleWork() throws Exception {
        start(Map.of(HttpSettings.ADDRESS, "0.0.0.0", HttpSettings.CAMEL_CONSOLE, "true", "camel.main.jmx-enabled", "true"));
        List<java.net.InetAddress> bound = listening(port);
        assertEquals(1, bound.size(), bound.toString());
        assertTrue(bound.get(0).isAnyLocalAddress(), "bound to every address, as asked: " + bound);
        String token = settings.token();
        assertNotNull(token);
        assertTrue(settings.url().endsWith("/?token=" + token));

        for (String path : List.of("/", "/api/runs", "/metrics", "/health", "/api/camel/routes")) {
            HttpResponse<String> denied = get(path);
            assertEquals(401, denied.statusCode(), path);
            assertEquals("Bearer", denied.headers().firstValue("WWW-Authenticate").orElse(null), path);
            assertEquals(401, get(path + "?token=wrong").statusCode(), path);
            assertEquals(200, get(path + "?token=" + token).statusCode(), path);
            assertEquals(200, get(path, "Authorization", "Bearer " + token).statusCode(), path);
        }
        // the page's code carries no data and needs no token
        assertEquals(200, get("/assets/dashboard.js").statusCode());

        JsonNode routes = JSON.readTree(get("/api/camel/routes?token=" + token).body()).get("routes");
        List<String> ids = new java.util.ArrayList<>();
        routes.forEach(r -> ids.add(r.get("id").asText()));
        assertTrue(ids.containsAll(List.of("cu-events", "cu-inbox", "cu-http-metrics")), ids.toString());
        JsonNode logs = JSON.readTree(get("/api/camel/logs?token=" + token).body());
        assertTrue(logs.has("camel") && logs.has("runs"), logs.toString());

        var mbeans = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        assertTrue(mbeans.stream().anyMatch(n -> "\"cu-events\"".equals(n.getKeyProperty("name"))), mbeans.toString());
    }

    /** integration.md's plain-CamelContext recipe: the host's own platform-http server, the routes mounted on it. */
    @Test
    void aPlainCamelContextMountsTheRoutesOnItsOwnServer() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        org.apache.camel.CamelContext camel = new org.apache.camel.impl.DefaultCamelContext();
        var conf = new org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        camel.addService(new org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer(conf));
        camel.getPropertiesComponent().addInitialProperty(HttpSettings.TOKEN, "host-token");
        ClusterUtilsRoutes.install(camel);
        CuHttp bean = ClusterUtilsRoutes.installHttp(camel, List::of);
        camel.start();
        try {
            assertEquals("host-token", bean.settings().token());
            assertEquals(401, get("/api/runs").statusCode());
            HttpResponse<String> runs = get("/api/runs", "Authorization", "Bearer host-token");
            assertEquals(200, runs.statusCode());
            assertEquals(0, JSON.readTree(runs.body()).get("runs").size());
            assertEquals(200, get("/metrics?token=host-token").statusCode());
        } finally {
            camel.stop();
        }
    }
}
