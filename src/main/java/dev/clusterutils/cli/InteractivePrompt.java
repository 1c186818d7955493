package dev.clusterutils.cli;

import dev.clusterutils.run.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * The original's keyboard mode: while a run goes on, ESC opens a prompt for {@code list_jobs},
 * {@code list_running_jobs}, {@code list_successful_jobs}, {@code list_idle_jobs}, {@code show_job N}
 * and {@code stop_remaining_jobs}. Only on a terminal (the original crashed without one), and not
 * with {@code no_user_interaction}. Keys are read in raw mode through JLine: a lone ESC opens the
 * prompt, while the escape sequences of arrow, function and Alt keys (ESC followed at once by more
 * bytes) are read whole and ignored. The prompt has line editing, history and Tab completion.
 * Unlike the original, the run does not pause while the prompt is open.
 */
final class InteractivePrompt implements AutoCloseable {
    private static final List<String> COMMANDS = List.of("list_jobs", "list_running_jobs", "list_successful_jobs",
            "list_idle_jobs", "show_job", "stop_remaining_jobs");
    private static final int ESC = 0x1b;
    /**
     * A terminal sends an escape sequence's bytes together; a key after a lone ESC comes from a
     * human, much later. Over ssh the bytes of one sequence can arrive a little apart, hence not less.
     */
    private static final long SEQUENCE_GAP_MILLIS = 150;

    /** Where commands go: the run answers them on its own thread. */
    interface Commands {
        String run(String name, String argument) throws Exception;
    }

    private final Terminal terminal;
    private final Commands commands;
    private final ProgressView progress;
    private final Thread thread;
    private volatile boolean closed;
    private Attributes saved;
    private LineReader lineReader;

    InteractivePrompt(Terminal terminal, Commands commands, ProgressView progress) {
        this.terminal = terminal;
        this.commands = commands;
        this.progress = progress;
        this.thread = new Thread(this::loop, "cu-keyboard");
        this.thread.setDaemon(true);
    }

    void start() {
        saved = terminal.enterRawMode();
        thread.start();
    }

    private void loop() {
        NonBlockingReader in = terminal.reader();
        try {
            while (!closed) {
                int c = in.read(200);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    return;
                }
                if (c == ESC) {
                    if (in.peek(SEQUENCE_GAP_MILLIS) == NonBlockingReader.READ_EXPIRED) {
                        prompt();
                    } else {
                        skipSequence(in);
                    }
                }
            }
        } catch (IOException e) {
            // the terminal went away: nothing to read any more
        }
    }

    /** Reads the rest of an escape sequence: CSI ({@code ESC [ ... final}), SS3 ({@code ESC O x}) or Alt+key. */
    static void skipSequence(NonBlockingReader in) throws IOException {
        int c = in.read(SEQUENCE_GAP_MILLIS);
        if (c == '[') {
            // parameter and intermediate bytes up to the final byte (0x40-0x7e)
            int guard = 0;
            while ((c = in.read(SEQUENCE_GAP_MILLIS)) >= 0 && (c < 0x40 || c > 0x7e) && guard++ < 32) {
                // skip
            }
        } else if (c == 'O') {
            in.read(SEQUENCE_GAP_MILLIS);
        }
    }

    private void prompt() {
        progress.pause();
        PrintWriter out = terminal.writer();
        try {
            out.println();
            out.println("Enter command, e.g.  " + Run.COMMANDS + "  (Tab completes, empty line closes)");
            out.flush();
            String line = reader().readLine(">>> ");
            String[] words = line.trim().split("\\s+", 2);
            String command = words[0];
            String argument = words.length > 1 ? words[1].trim() : null;
            if (command.isEmpty()) {
                return;
            }
            if (!COMMANDS.contains(command)) {
                out.println("Unknown command '" + command + "'. Commands: " + Run.COMMANDS);
                return;
            }
            if (command.equals("show_job") && argument == null) {
                argument = reader().readLine("Enter ID: ").trim();
            } else if (command.equals("stop_remaining_jobs")) {
                String answer = reader().readLine("Are you sure you want to stop all remaining jobs? [y/N] ").trim();
                if (!(answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"))) {
                    out.println("Not stopped.");
                    return;
                }
            }
            try {
                out.println(commands.run(command, argument));
            } catch (Exception e) {
                out.println("The run did not answer: " + e.getMessage());
            }
        } catch (UserInterruptException | EndOfFileException e) {
            // Ctrl-C or Ctrl-D at the prompt: close it (Ctrl-C also reaches the run as SIGINT)
            out.println();
        } finally {
            out.flush();
            if (!closed) {
                terminal.enterRawMode();
            }
            progress.resume();
        }
    }

    private LineReader reader() {
        if (lineReader == null) {
            lineReader = LineReaderBuilder.builder().terminal(terminal).completer(new StringsCompleter(COMMANDS))
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true).build();
        }
        return lineReader;
    }

    @Override
    public void close() {
        closed = true;
        if (saved != null) {
            terminal.setAttributes(saved);
        }
    }
}
