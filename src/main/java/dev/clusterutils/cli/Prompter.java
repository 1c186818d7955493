package dev.clusterutils.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Questions on stdin that never hang: with {@code --yes} every question is answered yes; on a
 * terminal the user is asked; with piped input (the original's tests pipe {@code y\ny\n}) the
 * waiting line is read; otherwise (no terminal, nothing piped, e.g. CI or nohup) the question
 * fails at once with a message that names {@code --yes}.
 */
final class Prompter {
    private final boolean yes;
    private final boolean terminal;
    private final InputStream in;
    private final PrintStream out;
    private BufferedReader reader;

    Prompter(boolean yes, boolean terminal, InputStream in, PrintStream out) {
        this.yes = yes;
        this.terminal = terminal;
        this.in = in;
        this.out = out;
    }

    /** Thrown when a question cannot be answered without a user. */
    static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message);
        }
    }

    /** Asks {@code question}; {@code defaultYes} decides what an empty answer means. */
    boolean ask(String question, boolean defaultYes, String nonInteractiveHint) throws NoAnswer {
        if (yes) {
            out.println(question + " y (--yes)");
            return true;
        }
        if (!terminal && !inputWaiting()) {
            throw new NoAnswer(question.trim() + "\nNo terminal to ask on. " + nonInteractiveHint);
        }
        out.print(question);
        out.flush();
        String line = readLine();
        if (line == null) {
            throw new NoAnswer(question.trim() + "\nStandard input ended without an answer. " + nonInteractiveHint);
        }
        String a = line.trim().toLowerCase();
        if (a.isEmpty()) {
            return defaultYes;
        }
        return a.equals("y") || a.equals("yes");
    }

    private boolean inputWaiting() {
        try {
            if (in.available() > 0) {
                return true;
            }
            // a pipe whose writer is a bit slower than us: give it a moment, never forever
            for (int i = 0; i < 5; i++) {
                Thread.sleep(20);
                if (in.available() > 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String readLine() {
        try {
            if (reader == null) {
                reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
