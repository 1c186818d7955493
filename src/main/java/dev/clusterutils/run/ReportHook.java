package dev.clusterutils.run;

import dev.clusterutils.report.Report;
import dev.clusterutils.settings.ReportMode;
import dev.clusterutils.settings.RunType;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code generate_report}: the PDF at the end ({@code when_finished}) and, for hp_optimization,
 * after every iteration ({@code every_iteration}). Iteration reports are made on a background
 * thread from the files, so a slow report never stalls the run; if one is still being made when
 * the next iteration ends, the two are merged into one.
 */
final class ReportHook implements AutoCloseable {
    private final RunContext ctx;
    private final Path out;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cu-report");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    ReportHook(RunContext ctx) {
        this.ctx = ctx;
        this.out = ctx.settings.type() == RunType.HP_OPTIMIZATION ? ctx.layout.report() : ctx.layout.gridReport(ctx.settings.name());
    }

    boolean enabled() {
        return ctx.settings.generateReport() != ReportMode.NEVER;
    }

    void iterationClosed() {
        if (ctx.settings.generateReport() != ReportMode.EVERY_ITERATION || !queued.compareAndSet(false, true)) {
            return;
        }
        ctx.journal.flush();
        background.submit(() -> {
            queued.set(false);
            write();
        });
    }

    /** The final report, after any iteration report still being made. */
    void finish() {
        background.shutdown();
        try {
            background.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (enabled()) {
            write();
        }
    }

    private void write() {
        try {
            Report.write(ctx.layout.resultsDir(), out);
            ctx.log.info("Report written to " + out);
        } catch (Exception | LinkageError e) {
            ctx.log.warning("Could not write the report " + out + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
