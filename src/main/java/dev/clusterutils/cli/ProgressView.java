package dev.clusterutils.cli;

import dev.clusterutils.run.RunStatus;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Live progress: redrawn in place on a terminal, a plain line every {@code plainEveryMillis}
 * otherwise (CI logs, nohup), so long runs show they are alive without flooding a log.
 */
final class ProgressView implements AutoCloseable {
    private final Supplier<RunStatus> status;
    private final PrintStream out;
    private final boolean terminal;
    private final long plainEveryMillis;
    private final Thread thread;
    private volatile boolean stop;
    private volatile boolean paused;
    private String lastPlain = "";

    ProgressView(Supplier<RunStatus> status, PrintStream out, boolean terminal, long plainEveryMillis) {
        this.status = status;
        this.out = out;
        this.terminal = terminal;
        this.plainEveryMillis = plainEveryMillis;
        this.thread = new Thread(this::loop, "cu-progress");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long lastPlainAt = System.currentTimeMillis();
        while (!stop) {
            try {
                Thread.sleep(terminal ? 200 : 500);
            } catch (InterruptedException e) {
                return;
            }
            RunStatus s = status.get();
            if (s == null || paused) {
                continue;
            }
            if (terminal) {
                out.print("\r" + render(s, 30) + "\033[K");
                out.flush();
            } else if (System.currentTimeMillis() - lastPlainAt >= plainEveryMillis) {
                lastPlainAt = System.currentTimeMillis();
                printPlain(s);
            }
        }
    }

    private synchronized void printPlain(RunStatus s) {
        String line = render(s, 0);
        if (!line.equals(lastPlain)) {
            out.println(line);
            lastPlain = line;
        }
    }

    static String render(RunStatus s, int barWidth) {
        StringBuilder sb = new StringBuilder();
        long total = s.total();
        long done = s.completed();
        if (barWidth > 0 && total > 0) {
            int filled = (int) Math.min(barWidth, barWidth * done / total);
            sb.append('|').append("#".repeat(filled)).append(" ".repeat(barWidth - filled)).append("| ");
        }
        sb.append(done).append('/').append(total < 0 ? "?" : Long.toString(total)).append(" done");
        sb.append(" (").append(s.succeeded()).append(" ok, ").append(s.failed()).append(" failed)");
        long queued = Math.max(0, s.submitted() - s.running() - done);
        sb.append(", ").append(s.running()).append(" running, ").append(queued).append(" submitted");
        if (!Double.isNaN(s.best())) {
            sb.append(", best ").append(s.best());
        }
        if (!Double.isNaN(s.etaSeconds()) && !s.finished()) {
            long eta = Math.round(s.etaSeconds());
            sb.append(", ETA ").append(eta / 3600).append("h").append(String.format("%02dm%02ds", eta % 3600 / 60, eta % 60));
        }
        return sb.toString();
    }

    /** Keeps the line free while the interactive prompt is open. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RunStatus s = status.get();
        if (terminal) {
            if (s != null) {
                out.print("\r" + render(s, 30) + "\033[K");
            }
            out.println();
        } else if (s != null) {
            printPlain(s);
        }
        out.flush();
    }
}
