package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's chromium, driven through chromedriver by Selenium,
 * against a live hp_optimization of real Python jobs started with {@code --http-port}. The counts
 * change while it runs, every chart draws, a job opens with its details, the state filter works;
 * a screenshot is kept in target/failsafe-reports. Skipped where chromium or chromedriver is not
 * installed (.ci/run installs both).
 */
class DashboardIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final List<String> CHARTS = List.of("chart-history", "chart-slices", "chart-parallel", "chart-curves", "chart-timeline");

    @TempDir
    Path tmp;

    private Process run;
    private WebDriver browser;

    @BeforeAll
    static void needsTheBrowser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (run != null && run.isAlive()) {
            run.destroy();
            if (!run.waitFor(30, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,2000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private Path settings() throws IOException {
        Path job = tmp.resolve("dashboard_job.py");
        Files.copy(REPO.resolve("src/test/resources/jobs/dashboard_job.py"), job, StandardCopyOption.REPLACE_EXISTING);
        Path file = tmp.resolve("hpo.toml");
        Files.writeString(file, String.join("\n",
                "optimization_procedure_name = \"dash_live\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"dashboard_job.py\"",
                "optimizer_str = \"random\"",
                "num_best_jobs_whose_data_is_kept = 2",
                "[optimizer_settings]",
                "[optimization_setting]",
                "metric_to_optimize = \"loss\"",
                "minimize = true",
                "number_of_samples = 24",
                "n_jobs_per_iteration = 4",
                "run_local = true",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "epochs = 4",
                "epoch_seconds = 0.4",
                "[[optimized_params]]",
                "param = \"x\"",
                "distribution = \"TruncatedNormal\"",
                "bounds = [-2.0, 4.0]",
                "[[optimized_params]]",
                "param = \"opt\"",
                "distribution = \"Discrete\"",
                "options = [\"adam\", \"sgd\"]", ""));
        return file;
    }

    private String output() throws IOException {
        return Files.readString(tmp.resolve("run.out")) + Files.readString(tmp.resolve("run.err"));
    }

    private static long count(WebDriver b, String state) {
        String t = b.findElement(By.id("count-" + state)).getText().strip();
        return t.isEmpty() ? 0 : Long.parseLong(t);
    }

    /** True when the canvas has at least one painted pixel. */
    private static boolean drawn(WebDriver b, String canvas) {
        Object r = ((JavascriptExecutor) b).executeScript(
                "const c = document.getElementById(arguments[0]); if (!c || !c.width || !c.height) return false;"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false;", canvas);
        return Boolean.TRUE.equals(r);
    }

    @Test
    void aLiveRunInChromium() throws Exception {
        int port = freePort();
        run = cli().home(tmp).cwd(tmp).args("hp_optimization", settings().toString(), "--yes", "--backend", "local",
                "--max-jobs", "3", "--seed", "5", "--http-port", Integer.toString(port))
                .start(tmp.resolve("run.out"), tmp.resolve("run.err"));
        String url = "http://127.0.0.1:" + port + "/";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!output().contains("Dashboard: " + url)) {
            assertTrue(run.isAlive() && System.nanoTime() < deadline, "the run did not announce its dashboard:\n" + output());
            Thread.sleep(100);
        }

        browser = chromium();
        browser.get(url);
        // the page redraws the table when the run moves: an element found a moment ago may be gone, so look again
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(b -> "dash_live".equals(b.findElement(By.id("run-name")).getText()));
        assertEquals("running", browser.findElement(By.id("run-state")).getText());

        // the counts move while the run goes, without a reload
        long first = count(browser, "succeeded");
        wait.withTimeout(Duration.ofSeconds(60)).until(b -> count(b, "succeeded") >= first + 3);
        wait.until(b -> count(b, "failed") >= 1);
        assertTrue(browser.findElement(By.id("progress")).getText().contains("/ 24"), browser.findElement(By.id("progress")).getText());

        // the same counts for Prometheus while the run is live
        var metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url + "metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.matches("(?s).*cu_jobs\\{run=\"dash_live\",state=\"succeeded\"\\} [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*cu_messages_received_total [1-9].*"), metrics);

        // every chart draws: the history, a slice, the parallel coordinates, the learning curves, the timeline
        for (String chart : CHARTS) {
            wait.until(b -> drawn(b, chart));
        }
        assertFalse(browser.findElement(By.id("best-value")).getText().equals("–"));

        // a job opens with its parameters, host, times and log paths
        String id = wait.until(b -> {
            WebElement row = b.findElement(By.cssSelector("#jobs-table tr.job-row"));
            String rowId = row.getAttribute("data-id");
            row.click();
            return rowId;
        });
        String text = wait.until(b -> {
            WebElement detail = b.findElement(By.id("job-detail"));
            return id.equals(detail.getAttribute("data-id")) ? detail.getText() : null;
        });
        for (String part : List.of("parameters", "x=", "opt=", "created", "working dir", "stdout", "stderr")) {
            assertTrue(text.contains(part), "the opened job shows " + part + ":\n" + text);
        }

        // the failed ones, filtered: their error line and traceback tail
        browser.findElement(By.cssSelector("#state-filter button[data-state='failed']")).click();
        wait.until(b -> {
            List<WebElement> rows = b.findElements(By.cssSelector("#jobs-table tr.job-row"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> r.getText().contains("failed"));
        });
        wait.until(b -> {
            b.findElement(By.cssSelector("#jobs-table tr.job-row")).click();
            return true;
        });
        wait.until(b -> b.findElements(By.cssSelector("#job-detail pre.error-tail")).stream()
                .anyMatch(e -> e.getText().contains("ValueError") && e.getText().contains("diverged")));
        browser.findElement(By.cssSelector("#state-filter button[data-state='all']")).click();

        // back to every job, the first one opened, for the screenshot
        wait.until(b -> {
            b.findElement(By.cssSelector("#jobs-table tr.job-row")).click();
            return true;
        });
        wait.until(b -> !b.findElements(By.id("job-detail")).isEmpty());
        Path reports = REPO.resolve("target/failsafe-reports");
        Files.createDirectories(reports);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, reports.resolve("DashboardIT-live-run.png"), StandardCopyOption.REPLACE_EXISTING);

        // the run ends by itself (the page ends with its process)
        assertTrue(run.waitFor(3, TimeUnit.MINUTES), "the run ended:\n" + output());
        assertEquals(0, run.exitValue(), output());
    }
}
