package dev.clusterutils.cli;

import dev.clusterutils.report.Report;
import dev.clusterutils.report.ReportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Make the PDF report of a run from its results directory: summary, best settings, charts, "
                + "failed jobs, settings.", "Needs only Java: no LaTeX, no Python; works on any machine the results "
                + "directory is copied to."})
final class ReportCommand extends PdfCommand {
    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "The run's results directory (holds journal.jsonl).")
    Path resultsDir;

    @picocli.CommandLine.Option(names = "--time-elapsed",
            description = "Grid search: rank and chart time_elapsed like the other metrics (by default it is only in the summary).")
    boolean timeElapsed;

    ReportCommand() {
    }

    ReportCommand(boolean terminal, InputStream in, PrintStream out, PrintStream err) {
        super(terminal, in, out, err);
    }

    @Override
    Path input() {
        return resultsDir;
    }

    @Override
    String what() {
        return "report";
    }

    @Override
    void write(Path output) throws IOException {
        Report.write(resultsDir, output, ReportOptions.DEFAULTS.withTimeElapsed(timeElapsed));
    }
}
