package dev.clusterutils.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How long a report takes for 100, 1,000 and 10,000 jobs (synthetic journals of both run
 * types), and the timeline for the same runs. Prints a Markdown table, the source of
 * docs/performance.md, section "Report". Run through {@code bench/report}.
 *
 * <p>Each size is measured {@code --repeat} times (default 3) after one warm-up report, and
 * the median is shown: a run that calls {@link Report#write} every iteration has a warm JVM.
 * The first report of a fresh JVM is shown separately (class loading, JIT).
 */
public final class ReportBenchmark {
    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repeat = 3;
        List<Integer> sizes = List.of(100, 1_000, 10_000);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--sizes")) {
                sizes = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
            }
        }
        Path base = Files.createTempDirectory("cu-report-bench");
        try {
            Path firstDir = SyntheticRuns.hpoRun(base.resolve("first"), 100, 10, 17);
            long t0 = System.nanoTime();
            Report.write(firstDir, base.resolve("first.pdf"));
            double cold = (System.nanoTime() - t0) / 1e9;

            System.out.println("| run type | jobs | report, warm JVM (median) | report, fresh JVM (CLI) | pages | PDF size "
                    + "| timeline, warm JVM (median) |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (String kind : List.of("hp_optimization", "grid_search")) {
                for (int n : sizes) {
                    Path dir = base.resolve(kind + "-" + n);
                    if (kind.equals("hp_optimization")) {
                        SyntheticRuns.hpoRun(dir, n, Math.max(10, n / 50), 17);
                    } else {
                        gridRun(dir, n);
                    }
                    Path out = base.resolve(kind + "-" + n + ".pdf");
                    Report.write(dir, out); // warm-up
                    double report = median(repeat, () -> Report.write(dir, out));
                    Path timeline = base.resolve(kind + "-" + n + "-timeline.pdf");
                    double tl = median(repeat, () -> Timeline.write(dir, timeline, false));
                    double fresh = freshJvm(dir, base.resolve(kind + "-" + n + "-cli.pdf"));
                    PdfFile pdf = PdfFile.read(out);
                    System.out.printf("| %s | %,d | %.2f s | %.2f s | %d | %,d KB | %.2f s |%n", kind, n, report, fresh, pdf.pages,
                            Files.size(out) / 1024, tl);
                }
            }
            System.out.printf("%nFirst report in a fresh JVM (hp_optimization, 100 jobs, class loading included): %.2f s%n", cold);
            System.out.printf("Java %s, %d cores available, JVM options: %s%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        } finally {
            try (var s = Files.walk(base)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * {@code cluster-utils report} in a new JVM with this JVM's options: what a user waits for
     * when making a report by hand, class loading and JIT warm-up included.
     */
    private static double freshJvm(Path dir, Path out) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.clusterutils.cli.Main", "report",
                dir.toString(), out.toString(), "--force"));
        long s = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("report in a fresh JVM failed: " + cmd);
        }
        return (System.nanoTime() - s) / 1e9;
    }

    interface Task {
        void run() throws IOException;
    }

    private static double median(int repeat, Task task) throws IOException {
        double[] t = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long s = System.nanoTime();
            task.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return t[repeat / 2];
    }

    /** A grid of 6 x 5 x 4 x 2 settings (4 varied parameters, 6 heat maps per metric) with restarts up to {@code n} jobs. */
    private static void gridRun(Path dir, int n) throws IOException {
        List<Map<String, Object>> hp = List.of(
                SyntheticRuns.entry("optimizer.learning_rate", 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2),
                SyntheticRuns.entry("model.layers", 1, 2, 3, 4, 5),
                SyntheticRuns.entry("model.width", 64, 128, 256, 512),
                SyntheticRuns.entry("optimizer.kind", "adam", "sgd"));
        int settings = 6 * 5 * 4 * 2;
        SyntheticRuns run = SyntheticRuns.grid(dir, SyntheticRuns.gridSettings("bench_grid", (n + settings - 1) / settings, hp))
                .parallel(32);
        java.util.Random r = new java.util.Random(1);
        List<Object> lrs = List.of(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2);
        for (int id = 0; id < n; id++) {
            int k = id % settings;
            double lr = (Double) lrs.get(k / 40);
            int layers = 1 + k / 8 % 5;
            int width = 64 << (k / 2 % 4);
            String kind = k % 2 == 0 ? "adam" : "sgd";
            Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("optimizer.learning_rate", lr);
            p.put("model.layers", layers);
            p.put("model.width", width);
            p.put("optimizer.kind", kind);
            if (id % 41 == 40) {
                run.failed(id, id / settings, p, "Job ended with exit code 1 and sent no results.");
                continue;
            }
            double loss = Math.pow(Math.log10(lr) + 2.5, 2) * 0.2 + 0.3 / layers + 10.0 / width + r.nextGaussian() * 0.05 + 0.1;
            run.succeeded(id, id / settings, p, Map.of("loss", loss, "accuracy", 1 - loss / 3, "time_elapsed",
                    20.0 + layers * width / 50.0 + r.nextDouble()));
        }
        run.write();
    }
}
