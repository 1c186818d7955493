package dev.clusterutils.cli;

import dev.clusterutils.report.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"Draw when every job waited and ran, as a PDF.",
            "RESULTS_DIR is read from its journal; a cluster_run.log file (also one written by the original Python tool) "
                    + "can be given instead."})
final class TimelineCommand extends PdfCommand {
    @Parameters(index = "0", paramLabel = "RESULTS_DIR|cluster_run.log", description = "A results directory or a cluster_run.log.")
    Path source;

    @Option(names = "--cap-running-jobs",
            description = "Without a recorded exit, draw jobs that never ended up to the last recorded time plus 40 %% of the "
                    + "recorded span instead of up to now.")
    boolean capRunning;

    TimelineCommand() {
    }

    TimelineCommand(boolean terminal, InputStream in, PrintStream out, PrintStream err) {
        super(terminal, in, out, err);
    }

    @Override
    Path input() {
        return source;
    }

    @Override
    String what() {
        return "timeline";
    }

    @Override
    void write(Path output) throws IOException {
        Timeline.write(source, output, capRunning);
    }
}
