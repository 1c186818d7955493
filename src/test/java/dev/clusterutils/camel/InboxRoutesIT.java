package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.inbox.InboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox routes in a host's CamelContext ({@link ClusterUtilsRoutes#installInbox}): run slots,
 * two files for one results directory, per-file properties. Real grids of the example job.
 */
class InboxRoutesIT {
    @TempDir
    Path tmp;

    private CamelContext camel;
    private final List<String> notices = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private Path inbox() {
        return tmp.resolve("inbox");
    }

    private void start(int concurrentRuns) throws Exception {
        DefaultCamelContext c = new DefaultCamelContext();
        camel = c;
        c.getPropertiesComponent().addInitialProperty("cu.backend", "local");
        c.getPropertiesComponent().addInitialProperty("cu.max-jobs", "2");
        ClusterUtilsRoutes.install(c);
        ClusterUtilsRoutes.installInbox(c, new InboxOptions(inbox(), concurrentRuns, 100, 300), notices::add);
        c.start();
    }

    private void drop(String file, String name, double sleepSeconds) throws Exception {
        String toml = Files.readString(SmallGrids.toml(tmp.resolve("staging/" + file), name, tmp.resolve("res")))
                .replace("sleep_seconds = 0.0", "sleep_seconds = " + sleepSeconds);
        Files.createDirectories(inbox());
        // write, then rename: the inbox never sees a half-written file
        Path part = inbox().resolve("." + file);
        Files.writeString(part, toml);
        Files.move(part, inbox().resolve(file));
    }

    private long inFolder(String sub) {
        try (Stream<Path> s = Files.list(inbox().resolve(sub))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".toml")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void await(BooleanSupplier condition, long millis, String message) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(message);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void runsGoOneAtATimeByDefault() throws Exception {
        start(1);
        drop("a.toml", "a", 0.5);
        drop("b.toml", "b", 0.5);
        long maxRunning = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        while (inFolder(".done") < 2 && System.currentTimeMillis() < deadline) {
            maxRunning = Math.max(maxRunning, inFolder(".running"));
            Thread.sleep(20);
        }
        assertEquals(2, inFolder(".done"), notices.toString());
        assertEquals(1, maxRunning, "one run slot");
    }

    @Test
    void runsGoSideBySideWithMoreSlots() throws Exception {
        start(2);
        drop("a.toml", "a", 1.0);
        drop("b.toml", "b", 1.0);
        await(() -> inFolder(".running") == 2, 30_000, "both taken at once: " + notices);
        await(() -> inFolder(".done") == 2, 120_000, "both done: " + notices);
        assertEquals(5, SmallGrids.rows(tmp.resolve("res"), "a").size());
        assertEquals(5, SmallGrids.rows(tmp.resolve("res"), "b").size());
    }

    @Test
    void aSecondFileForTheSameResultsWaitsAndThenContinuesInsteadOfRepeating() throws Exception {
        start(2);
        drop("first.toml", "same", 1.0);
        await(() -> inFolder(".running") == 1, 30_000, "first taken: " + notices);
        drop("second.toml", "same", 1.0);
        await(() -> notices.stream().anyMatch(n -> n.startsWith("Waiting: second.toml")), 30_000, "second waits: " + notices);
        await(() -> inFolder(".done") == 2, 120_000, "both done: " + notices);
        String journal = Files.readString(tmp.resolve("res/same/journal.jsonl"));
        assertEquals(4, journal.split("job_succeeded", -1).length - 1, "the second file resumed the finished run: " + journal);
        assertEquals(1, journal.split("run_resumed", -1).length - 1);
    }

    @Test
    void aPropertiesSidecarAppliesToItsFileOnly() throws Exception {
        start(1);
        drop("one.toml", "policy", 0.0);
        await(() -> inFolder(".done") == 1, 120_000, "first done: " + notices);
        Files.writeString(inbox().resolve("two.toml.properties"), "cu.existing-results = fail\n");
        drop("two.toml", "policy", 0.0);
        Path problems = inbox().resolve(".failed/two.toml.problems.txt");
        await(() -> Files.exists(problems), 30_000, "refused: " + notices);
        assertTrue(Files.readString(problems).contains("(existing results policy: fail)"), Files.readString(problems));
        assertTrue(Files.exists(inbox().resolve(".failed/two.toml.properties")));
        drop("three.toml", "policy", 0.0);
        await(() -> inFolder(".done") == 2, 60_000, "the next file resumes as the default says: " + notices);
        assertEquals(Collections.emptyList(), notices.stream().filter(n -> n.startsWith("Failed")).toList());
    }

    @Test
    void anHpOptimizationFileIsToldByItsKeys() throws Exception {
        start(1);
        Files.createDirectories(inbox());
        Files.writeString(inbox().resolve("tpe.toml.overrides"), String.join("\n",
                "results_dir=\"" + tmp.resolve("res") + "\"",
                "optimization_setting.number_of_samples=6",
                "optimization_setting.n_jobs_per_iteration=3",
                "fixed_params.epoch_seconds=0.0", ""));
        Files.copy(SmallGrids.REPO.resolve("examples/rosenbrock/hp_optimization.toml"), inbox().resolve(".tpe.toml"));
        Files.move(inbox().resolve(".tpe.toml"), inbox().resolve("tpe.toml"));
        await(() -> inFolder(".done") == 1, 120_000, "done: " + notices);
        assertTrue(Files.readString(tmp.resolve("res/rosenbrock_tpe/metadata.json")).contains("HP_OPTIMIZATION"));
        assertEquals(7, Files.readAllLines(tmp.resolve("res/rosenbrock_tpe/all_data.csv")).size());
    }
}
