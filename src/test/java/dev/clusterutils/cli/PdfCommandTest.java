package dev.clusterutils.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.report.SyntheticRuns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code report} and {@code timeline}: writing, and never replacing a file the user did not agree to replace. */
class PdfCommandTest {
    @TempDir
    Path tmp;
    Path results;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        results = SyntheticRuns.gridRun(tmp.resolve("results"), 1, 5);
    }

    private int report(boolean terminal, String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return new CommandLine(new ReportCommand(terminal, in, new PrintStream(out, true), new PrintStream(err, true))).execute(args);
    }

    private int timeline(boolean terminal, String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return new CommandLine(new TimelineCommand(terminal, in, new PrintStream(out, true), new PrintStream(err, true))).execute(args);
    }

    private static boolean isPdf(Path f) throws Exception {
        return new String(Files.readAllBytes(f), 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-");
    }

    @Test
    void writesTheReport() throws Exception {
        Path pdf = tmp.resolve("report.pdf");
        assertEquals(0, report(false, "", results.toString(), pdf.toString()));
        assertTrue(isPdf(pdf));
        assertTrue(out.toString().contains("Saved report to " + pdf), out.toString());
    }

    @Test
    void withoutATerminalAnExistingFileNeedsForce() throws Exception {
        Path pdf = tmp.resolve("report.pdf");
        Files.writeString(pdf, "mine");
        assertEquals(2, report(false, "", results.toString(), pdf.toString()));
        assertTrue(err.toString().contains("--force"), err.toString());
        assertEquals("mine", Files.readString(pdf), "left alone");

        assertEquals(0, report(false, "", results.toString(), pdf.toString(), "--force"));
        assertTrue(isPdf(pdf));
        assertTrue(err.toString().contains("Overwriting existing " + pdf + " (--force)."));
    }

    @Test
    void onATerminalTheUserIsAsked() throws Exception {
        Path pdf = tmp.resolve("report.pdf");
        Files.writeString(pdf, "mine");
        assertEquals(1, report(true, "n\n", results.toString(), pdf.toString()));
        assertTrue(out.toString().contains(pdf + " already exists.  Overwrite it? [y/N]: "), out.toString());
        assertTrue(err.toString().contains("Do not overwrite existing file.  Abort."));
        assertEquals("mine", Files.readString(pdf));

        assertEquals(1, report(true, "\n", results.toString(), pdf.toString()), "no is the default");
        assertEquals(0, report(true, "yes\n", results.toString(), pdf.toString()));
        assertTrue(isPdf(pdf));
    }

    @Test
    void aMissingOrWrongResultsDirectoryFailsBeforeAnyQuestion() throws Exception {
        Path pdf = tmp.resolve("report.pdf");
        Files.writeString(pdf, "mine");
        assertEquals(1, report(true, "", tmp.resolve("nope").toString(), pdf.toString()));
        assertTrue(err.toString().contains("does not exist"), err.toString());
        assertEquals("", out.toString(), "nothing asked");

        Files.createDirectories(tmp.resolve("empty"));
        assertEquals(1, report(false, "", tmp.resolve("empty").toString(), tmp.resolve("new.pdf").toString()));
        assertTrue(err.toString().contains("is not the results directory of a cluster-utils run"), err.toString());
        assertTrue(!Files.exists(tmp.resolve("new.pdf")));
    }

    @Test
    void timelineFromADirectoryOrALog() throws Exception {
        Path pdf = tmp.resolve("timeline.pdf");
        assertEquals(0, timeline(false, "", results.toString(), pdf.toString()));
        assertTrue(isPdf(pdf));
        assertEquals(2, timeline(false, "", results.toString(), pdf.toString()), "exists, no terminal, no --force");

        Path log = tmp.resolve("cluster_run.log");
        Files.writeString(log, """
                2024-08-19 14:03:13,000 - cluster_utils - INFO - Job with id 0 submitted with cluster id 1
                2024-08-19 14:03:14,000 - cluster_utils - INFO - Job 0 started on hostname g051
                """);
        assertEquals(0, timeline(false, "", log.toString(), pdf.toString(), "--force", "--cap-running-jobs"));
        assertTrue(isPdf(pdf));
    }

    @Test
    void mainKnowsTheCommands() {
        assertEquals(0, Main.execute("report", "--help"));
        assertEquals(0, Main.execute("timeline", "--help"));
    }
}
