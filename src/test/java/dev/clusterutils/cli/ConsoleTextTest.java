package dev.clusterutils.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's text: the progress line at any width, the best value's digits, the end summary. */
class ConsoleTextTest {
    @TempDir
    Path tmp;

    private static RunStatus status(long total, double best, double eta) {
        return new RunStatus("x", total, 120, 110, 8, 1234, 56, eta, best, false);
    }

    @Test
    void progressLineFitsEveryWidthAndShrinksBarFirst() {
        RunStatus s = status(100_000, 0.123456789012345, 3725);
        for (int columns = 5; columns <= 200; columns++) {
            String line = ProgressView.render(s, columns);
            assertTrue(line.length() <= columns - 1, columns + " columns: '" + line + "' (" + line.length() + ")");
        }
        String at80 = ProgressView.render(s, 80);
        assertTrue(at80.contains("1290/100000 done, 56 failed, 8 running"), at80);
        assertTrue(at80.contains("best 0.12346"), at80);
        String wide = ProgressView.render(s, 200);
        assertTrue(wide.startsWith("|"), "a bar where there is room: " + wide);
        assertTrue(wide.contains("(1234 ok, 56 failed), 8 running, 0 submitted, best 0.12346, ETA 1h02m05s"), wide);
        assertFalse(ProgressView.render(s, 0).startsWith("|"), "plain lines have no bar");
    }

    @Test
    void aMultiObjectiveRunShowsItsFrontInsteadOfABest() {
        RunStatus s = new RunStatus("x", 200, 120, 110, 8, 100, 2, 30, Double.NaN, false, 7, 3.14159265);
        for (int columns = 5; columns <= 200; columns++) {
            String line = ProgressView.render(s, columns);
            assertTrue(line.length() <= columns - 1, columns + " columns: '" + line + "'");
        }
        String wide = ProgressView.render(s, 0);
        assertTrue(wide.contains("front 7 (HV 3.1416)"), wide);
        assertFalse(wide.contains("best"), wide);
    }

    @Test
    void theBarKeepsItsWidthWhileCountsGrow() {
        RunStatus start = new RunStatus("x", 18, 6, 6, 0, 0, 0, Double.NaN, Double.NaN, false);
        RunStatus later = new RunStatus("x", 18, 18, 18, 1, 12, 3, 65, Double.NaN, false);
        for (int columns : new int[]{60, 80, 100, 120}) {
            String a = ProgressView.render(start, columns);
            String b = ProgressView.render(later, columns);
            assertEquals(a.indexOf('|', 1), b.indexOf('|', 1), a + "\n" + b);
        }
        assertTrue(ProgressView.render(start, 120).indexOf('|', 1) > 10, "a bar where there is room");
    }

    @Test
    void bestValueHasFiveSignificantDigits() {
        assertEquals("0.12346", ProgressView.significant(0.123456789012345));
        assertEquals("1.5", ProgressView.significant(1.5));
        assertEquals("1.2346e+06", ProgressView.significant(1234567.0));
        assertEquals("-0.0012346", ProgressView.significant(-0.00123456));
        assertEquals("42", ProgressView.significant(42));
        assertEquals("0", ProgressView.significant(0));
    }

    @Test
    void endSummaryNamesTablesReportReasonsAndExistingLogs() throws Exception {
        RunLayout layout = new RunLayout(tmp.resolve("res"), tmp.resolve("jobs"), null);
        Files.createDirectories(layout.resultsDir());
        Files.createDirectories(layout.jobsDir());
        Files.writeString(layout.allData(), "a\n");
        Files.writeString(layout.gridReport("run"), "%PDF");
        String traceback = "Traceback (most recent call last):\n  File \"job.py\", line 3\nZeroDivisionError: division by zero\n";
        try (Journal j = Journal.open(layout.journal())) {
            for (long id = 0; id < 5; id++) {
                j.append(new JournalEvent.JobCreated(1, id, 10 + id, 0, Map.of("x", id)));
            }
            j.append(new JournalEvent.JobFailed(2, 1, traceback));
            j.append(new JournalEvent.JobFailed(2, 3, traceback));
            j.append(new JournalEvent.JobFailed(2, 4, "Job ended with exit code 2 and sent no results.\nLast lines of x:\nusage"));
            j.append(new JournalEvent.JobSucceeded(3, 0, Map.of("loss", 1.0), "message"));
        }
        Files.writeString(layout.jobsDir().resolve("0_3.sh.err"), traceback);
        Files.writeString(layout.jobsDir().resolve("0_3.sh.out"), "");
        Files.writeString(layout.jobsDir().resolve("0_0.sh.err"), "");
        String text = String.join("\n", RunSummary.lines(layout, "run"));
        assertTrue(text.contains("Tables: " + layout.allData()), text);
        assertTrue(text.contains("Report: " + layout.gridReport("run")), text);
        assertTrue(text.contains("3 jobs failed:"), text);
        assertTrue(text.contains("  2 x ZeroDivisionError: division by zero\n      jobs 1, 3; log of job 3: "
                + layout.jobsDir().resolve("0_3.sh.err")), text);
        assertTrue(text.contains("  1 x Job ended with exit code 2 and sent no results.\n      job 4\n"), "no log, none named: " + text);
        assertTrue(text.endsWith("Logs of the failed jobs: " + layout.jobsDir()), text);
    }

    @Test
    void jobFilesAreToldByTheirId() {
        assertEquals(7, RunLayout.jobIdOf(Path.of("/x/0_7.sh.err")));
        assertEquals(12, RunLayout.jobIdOf(Path.of("job_3_12.out")));
        assertEquals(12, RunLayout.jobIdOf(Path.of("job_3_12.sh.FAILED")));
        assertEquals(-1, RunLayout.jobIdOf(Path.of("array_0.sh")));
        assertEquals(-1, RunLayout.jobIdOf(Path.of("submit_commands.sh")));
    }
}
