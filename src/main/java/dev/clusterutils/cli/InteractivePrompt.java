package dev.clusterutils.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * The original's keyboard mode: while a run goes on, ESC opens a prompt for {@code list_jobs},
 * {@code list_running_jobs}, {@code list_successful_jobs}, {@code list_idle_jobs}, {@code show_job}
 * and {@code stop_remaining_jobs}. Only on a terminal (the original crashed without one), and not
 * with {@code no_user_interaction}. The terminal is put in cbreak mode with {@code stty} and always
 * restored. Unlike the original, the run does not pause while the prompt is open.
 */
final class InteractivePrompt implements AutoCloseable {
    static final String COMMANDS = "list_jobs, list_running_jobs, list_successful_jobs, list_idle_jobs, show_job, stop_remaining_jobs";
    private static final int ESC = 0x1b;

    /** Where commands go: the run answers them on its own thread. */
    interface Commands {
        String run(String name, String argument) throws Exception;
    }

    private final InputStream in;
    private final PrintStream out;
    private final Commands commands;
    private final ProgressView progress;
    private final Thread thread;
    private String savedTerminal;
    private volatile boolean closed;

    InteractivePrompt(InputStream in, PrintStream out, Commands commands, ProgressView progress) {
        this.in = in;
        this.out = out;
        this.commands = commands;
        this.progress = progress;
        this.thread = new Thread(this::loop, "cu-keyboard");
        this.thread.setDaemon(true);
    }

    void start() {
        savedTerminal = stty("-g");
        if (savedTerminal == null) {
            return; // no terminal we can control: no keyboard mode
        }
        stty("-icanon", "-echo", "min", "1", "time", "0");
        thread.start();
    }

    private void loop() {
        try {
            int c;
            while (!closed && (c = in.read()) >= 0) {
                if (c == ESC) {
                    prompt();
                }
            }
        } catch (IOException e) {
            // the terminal went away: nothing to read any more
        }
    }

    private void prompt() throws IOException {
        progress.pause();
        stty(savedTerminal);
        try {
            out.println();
            out.println();
            out.println("Enter command, e.g.  " + COMMANDS);
            out.print(">>> ");
            out.flush();
            String command = readLine();
            if (command == null) {
                return;
            }
            command = command.trim();
            String argument = null;
            if (command.equals("show_job")) {
                out.println("Enter ID");
                argument = readLine();
            } else if (command.equals("stop_remaining_jobs")) {
                out.println("Are you sure you want to stop all remaining jobs? [y/N]");
                String answer = readLine();
                if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
                    return;
                }
            } else if (!InteractivePrompt.COMMANDS.contains(command) || command.isEmpty()) {
                return; // the original ignored anything else, an empty line included
            }
            try {
                out.println(commands.run(command, argument));
            } catch (Exception e) {
                out.println("The run did not answer: " + e.getMessage());
            }
        } finally {
            if (!closed) {
                stty("-icanon", "-echo", "min", "1", "time", "0");
            }
            progress.resume();
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return c < 0 && sb.length() == 0 ? null : sb.toString();
    }

    /** Runs stty on the controlling terminal; returns its output, or null when there is no terminal. */
    private static String stty(String... args) {
        StringBuilder cmd = new StringBuilder("stty");
        for (String a : args) {
            cmd.append(' ').append(a);
        }
        cmd.append(" < /dev/tty");
        try {
            Process p = new ProcessBuilder("sh", "-c", cmd.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (savedTerminal != null) {
            stty(savedTerminal);
        }
    }
}
