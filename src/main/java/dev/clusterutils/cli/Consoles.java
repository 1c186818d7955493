package dev.clusterutils.cli;

import java.io.IOException;
import java.io.PrintStream;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The JLine terminal of a run on a console: its size, raw mode and keys. */
final class Consoles {
    /** Assumed when the terminal does not tell its size (some serial consoles, a pty nobody sized). */
    static final int DEFAULT_WIDTH = 80;

    private Consoles() {
    }

    /**
     * The system terminal, or null when JLine cannot open one (then the plain lines are shown).
     * JLine leaves the signals alone: Ctrl-C reaches the run's own handler, which stops the jobs.
     */
    static Terminal open(PrintStream err) {
        try {
            Terminal t = TerminalBuilder.builder().system(true).nativeSignals(false).dumb(false).build();
            return t;
        } catch (IOException | RuntimeException e) {
            err.println("No terminal control (" + e.getMessage() + "): progress is shown as plain lines.");
            return null;
        }
    }

    static int width(Terminal t) {
        int w = t.getWidth();
        return w > 0 ? w : DEFAULT_WIDTH;
    }

    static void close(Terminal t) {
        try {
            t.close();
        } catch (IOException ignored) {
            // the terminal is gone already
        }
    }
}
