package dev.clusterutils.cli;

import dev.clusterutils.run.RunStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Live progress: on a terminal one line redrawn in place, cut to the terminal's width at every
 * redraw (a line that wraps cannot be redrawn and leaves a stale copy per redraw); otherwise
 * (CI logs, nohup, pipes) a plain line every {@code plainEveryMillis}, so long runs show they are
 * alive without flooding a log.
 */
final class ProgressView implements AutoCloseable {
    private static final int MAX_BAR = 30;
    private static final int MIN_BAR = 10;

    private final Supplier<RunStatus> status;
    private final PrintStream out;
    /** The terminal's columns now, or 0 without a terminal. */
    private final IntSupplier width;
    private final long plainEveryMillis;
    private final Thread thread;
    private volatile boolean stop;
    private volatile boolean paused;
    private String lastPlain = "";

    ProgressView(Supplier<RunStatus> status, PrintStream out, IntSupplier width, long plainEveryMillis) {
        this.status = status;
        this.out = out;
        this.width = width;
        this.plainEveryMillis = plainEveryMillis;
        this.thread = new Thread(this::loop, "cu-progress");
        this.thread.setDaemon(true);
    }

    private boolean terminal() {
        return width.getAsInt() > 0;
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long lastPlainAt = System.currentTimeMillis();
        while (!stop) {
            try {
                Thread.sleep(terminal() ? 200 : 500);
            } catch (InterruptedException e) {
                return;
            }
            RunStatus s = status.get();
            if (s == null || paused) {
                continue;
            }
            if (terminal()) {
                redraw(s);
            } else if (System.currentTimeMillis() - lastPlainAt >= plainEveryMillis) {
                lastPlainAt = System.currentTimeMillis();
                printPlain(s);
            }
        }
    }

    private synchronized void redraw(RunStatus s) {
        out.print("\r" + render(s, width.getAsInt()) + "\033[K");
        out.flush();
    }

    private synchronized void printPlain(RunStatus s) {
        String line = render(s, 0);
        if (!line.equals(lastPlain)) {
            out.println(line);
            lastPlain = line;
        }
    }

    /**
     * The progress line for a terminal of {@code columns} (0: no limit, no bar). It is at most
     * {@code columns - 1} characters: a line that fills the last column makes some terminals
     * wrap the cursor, and the next redraw would start on a new line.
     */
    static String render(RunStatus s, int columns) {
        long total = s.total();
        long done = s.completed();
        long queued = Math.max(0, s.submitted() - s.running() - done);
        String best = s.frontSize() >= 0
                ? "front " + s.frontSize() + (Double.isNaN(s.hypervolume()) ? "" : " (HV " + significant(s.hypervolume()) + ")")
                : Double.isNaN(s.best()) ? null : "best " + significant(s.best());
        String eta = null;
        if (!Double.isNaN(s.etaSeconds()) && !s.finished()) {
            long e = Math.round(s.etaSeconds());
            eta = e / 3600 + "h" + String.format(Locale.ROOT, "%02dm%02ds", e % 3600 / 60, e % 60);
        }
        List<String> candidates = candidates(total, done, s.succeeded(), s.failed(), s.running(), queued, best, eta);
        if (columns <= 0) {
            return candidates.get(0);
        }
        // the layout (which text, how long a bar) is chosen for the widest numbers this run can show,
        // so that the bar does not jump as counts gain digits or the ETA appears
        long most = Math.max(total, s.created());
        long inFlight = Math.max(99, s.submitted() - s.completed());
        List<String> widest = candidates(total, most, most, most, inFlight, inFlight, best == null ? null
                : s.frontSize() >= 0 ? "front " + Math.max(999, most) + " (HV -0.00012345)" : "best -0.00012345",
                s.finished() ? null : "99h59m59s");
        int room = columns - 1;
        for (int i = 0; i < candidates.size(); i++) {
            String text = candidates.get(i);
            int barRoom = room - widest.get(i).length() - 3;
            if (barRoom >= MIN_BAR && total > 0) {
                int bar = Math.min(MAX_BAR, barRoom);
                int filled = (int) Math.min(bar, bar * done / total);
                return "|" + "#".repeat(filled) + " ".repeat(bar - filled) + "| " + text;
            }
            if (widest.get(i).length() <= room) {
                return text;
            }
        }
        String shortest = candidates.get(candidates.size() - 1);
        return shortest.substring(0, Math.min(shortest.length(), Math.max(0, room)));
    }

    /** The progress text from the full line to the shortest; the first that fits wins. */
    private static List<String> candidates(long total, long done, long ok, long failed, long running, long queued, String best,
                                           String eta) {
        String of = done + "/" + (total < 0 ? "?" : Long.toString(total));
        String b = best == null ? "" : ", " + best;
        String e = eta == null ? "" : ", ETA " + eta;
        return List.of(
                of + " done (" + ok + " ok, " + failed + " failed), " + running + " running, " + queued + " submitted" + b + e,
                of + " done, " + failed + " failed, " + running + " running" + b + e,
                of + " done, " + failed + " failed" + b,
                of + " done" + b,
                of);
    }

    /** 5 significant digits, trailing zeros dropped: {@code 0.0012346}, {@code 1.5}, {@code 1.2346e+06}. */
    static String significant(double v) {
        if (Double.isInfinite(v) || v == 0) {
            return v == 0 ? "0" : Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.5g", v);
        int exp = s.indexOf('e');
        String mantissa = exp < 0 ? s : s.substring(0, exp);
        String suffix = exp < 0 ? "" : s.substring(exp);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + suffix;
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
        if (terminal()) {
            if (s != null) {
                redraw(s);
            }
            out.println();
        } else if (s != null) {
            printPlain(s);
        }
        out.flush();
    }
}
