package dev.clusterutils.dashboard;

import dev.clusterutils.camel.CuStages;
import dev.clusterutils.camel.MainProperties;
import dev.clusterutils.camel.ServeLauncher;
import dev.clusterutils.inbox.InboxOptions;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * bench/dashboard: the dashboard with a run of 10,000 jobs (or the sizes given), through the real
 * HTTP routes on Camel Main's server: how long each API call takes and how large its answer is,
 * cold (the first read of the journal) and warm; then, when chromium and chromedriver are
 * installed, the page in the browser: time to a fully drawn page, the time one update takes to
 * draw, and how long a new result takes to show (journal line written to count on the page).
 * Prints Markdown tables for docs/performance.md.
 */
public final class DashboardBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int port;

    public static void main(String[] args) throws Exception {
        int repeat = 7;
        List<Integer> sizes = List.of(1_000, 10_000);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--sizes")) {
                sizes = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
            }
        }
        Path root = Files.createTempDirectory("cu-dashboard-bench");
        Path inbox = root.resolve("inbox");
        Files.createDirectories(inbox.resolve(".done"));
        Map<Integer, Path> dirs = new LinkedHashMap<>();
        for (int n : sizes) {
            Path dir = root.resolve("res").resolve("bench_" + n);
            write(dir, n);
            dirs.put(n, dir);
            Files.writeString(inbox.resolve(".done").resolve("bench_" + n + ".toml.outcome.json"),
                    "{\"results_dir\": \"" + dir + "\"}\n");
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> props = Map.of(HttpSettings.PORT, Integer.toString(port), "cu.backend", "local");
        MainProperties properties = new MainProperties(null, null, props);
        HttpSettings http = HttpSettings.from(properties::get);
        CompletableFuture<ServeLauncher.Server> started = new CompletableFuture<>();
        Thread serving = new Thread(() -> {
            try {
                new ServeLauncher(CuStages.production(), properties, http).serve(InboxOptions.from(inbox, properties::get), l -> { },
                        started::complete);
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        }, "bench-serve");
        serving.start();
        ServeLauncher.Server server = started.get(60, TimeUnit.SECONDS);
        try {
            System.out.printf(Locale.ROOT, "Java %s, %d cores, load %s%n%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.println("| jobs | call | cold | warm (median of " + repeat + ") | answer |");
            System.out.println("|---:|---|---:|---:|---:|");
            boolean first = true;
            for (int n : sizes) {
                String name = "bench_" + n;
                String api = "/api/runs/" + name;
                // the first call reads every journal the server knows: of all sizes at once
                List<String> calls = List.of("/api/runs", api, api + "/charts", api + "/jobs?limit=50",
                        api + "/jobs?state=failed&sort=value&limit=50", api + "/jobs/" + (n / 2), api + "/jobs");
                for (String call : calls) {
                    double cold = first ? timed(call)[0] : Double.NaN;
                    first = false;
                    double[] warm = new double[repeat];
                    long bytes = 0;
                    for (int r = 0; r < repeat; r++) {
                        double[] t = timed(call);
                        warm[r] = t[0];
                        bytes = (long) t[1];
                    }
                    Arrays.sort(warm);
                    System.out.printf(Locale.ROOT, "| %,d | `%s` | %s | %.1f ms | %,d KB |%n", n, call.replace(api, "/api/runs/{name}"),
                            Double.isNaN(cold) ? "" : String.format(Locale.ROOT, "%.0f ms", cold), warm[repeat / 2],
                            Math.round(bytes / 1024.0));
                }
            }
            System.out.println();
            // the incremental read: 100 new events on the largest journal
            int largest = sizes.get(sizes.size() - 1);
            Path journal = new RunLayout(dirs.get(largest), null, null).journal();
            double[] inc = new double[repeat];
            for (int r = 0; r < repeat; r++) {
                try (Journal j = Journal.open(journal)) {
                    for (int k = 0; k < 100; k++) {
                        j.append(new JournalEvent.JobEarlyReport(System.currentTimeMillis(), largest - 1, Map.of("loss", 1.0 + k)));
                    }
                }
                inc[r] = timed("/api/runs/bench_" + largest)[0];
            }
            Arrays.sort(inc);
            System.out.printf(Locale.ROOT, "Reading 100 new journal lines of the %,d-job run and answering: %.1f ms (median)%n%n", largest,
                    inc[repeat / 2]);
            Browser.header();
            for (int n : sizes) {
                Browser.measure(port, "bench_" + n, new RunLayout(dirs.get(n), null, null).journal(), n, repeat);
            }
            System.out.println(Browser.parts);
        } finally {
            server.stop();
            serving.join(60_000);
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** {milliseconds, bytes} of one GET. */
    private static double[] timed(String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode());
        }
        return new double[]{ms, r.body().length};
    }

    /**
     * A synthetic hp_optimization of {@code n} jobs: 6 parameters (two log-scaled, two categorical),
     * every 5th job with 10 early reports, every 29th failed with a traceback, the last 12 running.
     */
    static void write(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("settings_resolved.json"), "{\"optimization_procedure_name\": \"" + dir.getFileName()
                + "\", \"optimization_setting\": {\"metric_to_optimize\": \"loss\", \"minimize\": true}}");
        Files.writeString(dir.resolve("metadata.json"), "{\"run_type\": \"HP_OPTIMIZATION\", \"backend\": \"local\"}");
        Random rnd = new Random(n);
        long t0 = 1_700_000_000_000L;
        try (Journal j = Journal.open(new RunLayout(dir, null, null).journal())) {
            j.append(new JournalEvent.RunStarted(t0, "HP_OPTIMIZATION", dir.resolve("jobs").toString(), null, 1, "bench"));
            for (long id = 0; id < n; id++) {
                long t = t0 + id * 700;
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("id", id);
                p.put("working_dir", dir.resolve("working_directories/" + id).toString());
                p.put("lr", Math.pow(10, -4 + 3 * rnd.nextDouble()));
                p.put("alpha", Math.pow(10, -6 + 4 * rnd.nextDouble()));
                p.put("dropout", rnd.nextDouble() * 0.5);
                p.put("layers", 1 + rnd.nextInt(6));
                p.put("opt", List.of("adam", "sgd", "rmsprop").get(rnd.nextInt(3)));
                p.put("model", Map.of("act", rnd.nextBoolean() ? "relu" : "tanh"));
                j.append(new JournalEvent.JobCreated(t, id, rnd.nextLong(), (int) (id / 100), p));
                j.append(new JournalEvent.JobSubmitted(t + 10, id, Long.toString(id)));
                j.append(new JournalEvent.JobStarted(t + 500 + rnd.nextInt(2000), id, "node" + (id % 16)));
                double loss = Math.abs(Math.log10((double) p.get("lr")) + 2.2) + rnd.nextGaussian() * 0.1 + 0.5;
                if (id % 5 == 0) {
                    for (int e = 1; e <= 10; e++) {
                        j.append(new JournalEvent.JobEarlyReport(t + 600 + e * 200, id, Map.of("loss", loss + 2.0 / e, "epoch", e)));
                    }
                }
                if (id >= n - 12) {
                    continue;
                }
                if (id % 29 == 0) {
                    j.append(new JournalEvent.JobFailed(t + 3000, id, "Traceback (most recent call last):\n  File \"train.py\", line 9\n"
                            + "RuntimeError: CUDA out of memory in job " + id));
                } else {
                    j.append(new JournalEvent.JobSucceeded(t + 3000 + rnd.nextInt(5000), id,
                            Map.of("loss", loss, "acc", 1 / (1 + loss), "time_elapsed", 3.0 + rnd.nextDouble()), "message"));
                }
            }
        }
    }

    /** The page in chromium, when it is installed (selenium comes with the test classpath). */
    static final class Browser {
        static final StringBuilder parts = new StringBuilder();

        static boolean available() {
            return Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        }

        static void header() {
            if (available()) {
                System.out.println("| jobs | open the page until charts and table are drawn | first draw | one update (fetch charts and jobs, redraw) "
                        + "| a new result: journal line to the count on the page |");
                System.out.println("|---:|---:|---:|---:|---:|");
            }
        }

        static void measure(int port, String run, Path journal, int jobs, int repeat) throws Exception {
            if (!available()) {
                System.out.println("(chromium or chromedriver missing: no browser figures)");
                return;
            }
            var options = new org.openqa.selenium.chrome.ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,2000");
            var service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                    .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
            var b = new org.openqa.selenium.chrome.ChromeDriver(service, options);
            try {
                var js = (org.openqa.selenium.JavascriptExecutor) b;
                List<Double> load = new ArrayList<>();
                for (int r = 0; r < repeat; r++) {
                    b.get("about:blank");
                    long t0 = System.nanoTime();
                    b.get("http://127.0.0.1:" + port + "/#run=" + run);
                    new org.openqa.selenium.support.ui.WebDriverWait(b, Duration.ofSeconds(60), Duration.ofMillis(20)).until(d ->
                            Boolean.TRUE.equals(js.executeScript("return !!(window.cuDashboardTimings && window.cuDashboardTimings.polls > 0"
                                    + " && document.querySelectorAll('#jobs-table tr.job-row').length > 0)")));
                    load.add((System.nanoTime() - t0) / 1e6);
                }
                load.sort(Double::compare);
                Object draw = js.executeScript("return window.cuDashboardTimings.render");
                Object firstParts = js.executeScript("return JSON.stringify(window.cuDashboardTimings.parts)");
                // a new result: the time from its journal line to the count on the page (the page polls every second)
                List<Double> shown = new ArrayList<>();
                List<Double> renders = new ArrayList<>();
                for (int r = 0; r < repeat; r++) {
                    long before = Long.parseLong(b.findElement(org.openqa.selenium.By.id("count-succeeded")).getText());
                    long id = jobs - 12 + r;
                    long t0 = System.nanoTime();
                    try (Journal j = Journal.open(journal)) {
                        j.append(new JournalEvent.JobSucceeded(System.currentTimeMillis(), id, Map.of("loss", 0.4, "acc", 0.7), "message"));
                    }
                    new org.openqa.selenium.support.ui.WebDriverWait(b, Duration.ofSeconds(10), Duration.ofMillis(10)).until(d ->
                            Long.parseLong(d.findElement(org.openqa.selenium.By.id("count-succeeded")).getText()) > before);
                    shown.add((System.nanoTime() - t0) / 1e6);
                    Thread.sleep(1500); // let the redraw of that change finish and be recorded
                    renders.add(((Number) js.executeScript("return window.cuDashboardTimings.render")).doubleValue());
                }
                shown.sort(Double::compare);
                renders.sort(Double::compare);
                System.out.printf(Locale.ROOT, "| %,d | %.0f ms (max %.0f) | %s ms | %.0f ms (max %.0f) | %.0f ms (max %.0f) |%n", jobs,
                        load.get(load.size() / 2), load.get(load.size() - 1), draw, renders.get(renders.size() / 2),
                        renders.get(renders.size() - 1), shown.get(shown.size() / 2), shown.get(shown.size() - 1));
                parts.append(String.format(Locale.ROOT, "%n%,d jobs, parts of the first draw (ms): %s; of the last update: %s", jobs,
                        firstParts, js.executeScript("return JSON.stringify(window.cuDashboardTimings.parts)")));
            } finally {
                b.quit();
            }
        }
    }
}
