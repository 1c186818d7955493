package dev.clusterutils.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code report} and {@code timeline} share: an input, an output PDF that is only replaced
 * when the user says so (asked on a terminal, {@code --force} otherwise), and exit codes
 * 0 (written), 1 (failed or declined), 2 (cannot ask and no {@code --force}).
 */
abstract class PdfCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Parameters(index = "1", paramLabel = "OUT.pdf", description = "The PDF to write.")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Overwrite OUT.pdf if it exists, without asking.")
    boolean force;

    private final boolean terminal;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    PdfCommand() {
        this(System.console() != null, System.in, System.out, System.err);
    }

    /** For tests: whether stdin is a terminal, and the streams. */
    PdfCommand(boolean terminal, InputStream in, PrintStream out, PrintStream err) {
        this.terminal = terminal;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** What is written: "report", "timeline". */
    abstract String what();

    /** The results directory or file the PDF is made from. */
    abstract Path input();

    abstract void write(Path output) throws IOException;

    @Override
    public Integer call() {
        if (!Files.exists(input())) {
            // before any question: nothing to overwrite with
            err.println("'" + input() + "' does not exist.");
            return EXIT_FAILED;
        }
        if (Files.isDirectory(output)) {
            err.println("'" + output + "' is a directory; give the PDF file to write.");
            return EXIT_USAGE;
        }
        if (Files.exists(output)) {
            if (force) {
                err.println("Overwriting existing " + output + " (--force).");
            } else {
                Prompter prompter = new Prompter(false, terminal, in, out);
                try {
                    if (!prompter.ask(output + " already exists.  Overwrite it? [y/N]: ", false,
                            "Use --force to overwrite it.")) {
                        err.println("Do not overwrite existing file.  Abort.");
                        return EXIT_FAILED;
                    }
                } catch (Prompter.NoAnswer e) {
                    err.println(e.getMessage());
                    return EXIT_USAGE;
                }
            }
        }
        long start = System.nanoTime();
        try {
            write(output);
        } catch (IOException | RuntimeException e) {
            err.println("Failed to make the " + what() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return EXIT_FAILED;
        }
        out.printf("Saved %s to %s (%.1f s)%n", what(), output, (System.nanoTime() - start) / 1e9);
        return EXIT_OK;
    }
}
