package dev.clusterutils.backend;

import java.util.List;

/** What a scheduler command did: exit code and output, or that it had to be killed after its timeout. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut) {

    public CommandResult {
        argv = List.copyOf(argv);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public static CommandResult of(List<String> argv, int exitCode, String stdout, String stderr) {
        return new CommandResult(argv, exitCode, stdout, stderr, false);
    }

    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** The command line as a user would type it, for log lines and error messages. */
    public String commandLine() {
        return String.join(" ", argv.stream().map(ScriptFiles::quote).toList());
    }

    /** Stderr and stdout, trimmed, for error messages: the schedulers print errors on either. */
    public String output() {
        String e = stderr.strip();
        String o = stdout.strip();
        return e.isEmpty() ? o : o.isEmpty() ? e : e + "\n" + o;
    }
}
