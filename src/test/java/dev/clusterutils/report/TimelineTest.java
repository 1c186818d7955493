package dev.clusterutils.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job timeline from a journal and from cluster_run.log files of both tools. */
class TimelineTest {
    @TempDir
    Path tmp;

    /** A log as the original writes it (the submit line is the one its own timeline script missed). */
    static final String ORIGINAL_LOG = """
            2024-08-19 14:03:12,345 - cluster_utils - INFO - Detailed logging available in /res/cluster_run.log
            2024-08-19 14:03:13,000 - cluster_utils - INFO - Job with id 0 submitted with cluster id 4711
            2024-08-19 14:03:13,100 - cluster_utils - INFO - Job with id 1 submitted with cluster id 4712
            2024-08-19 14:03:15,000 - cluster_utils - INFO - Job 0 started on hostname g051
            2024-08-19 14:03:16,000 - cluster_utils - INFO - Job 1 started on hostname g052
            2024-08-19 14:03:30,000 - cluster_utils - INFO - Job 0 exited to be resumed.
            2024-08-19 14:03:31,000 - cluster_utils - INFO - Job with id 0 submitted with cluster id 4713
            2024-08-19 14:03:33,000 - cluster_utils - INFO - Job 0 started on hostname g051
            2024-08-19 14:03:40,000 - cluster_utils - WARNING - Job 1 died with error ['ValueError: boom\\n'].
            2024-08-19 14:03:45,500 - cluster_utils - INFO - Job 1 has concluded, but has not sent results after 5.0 seconds. Considering job failed.
            2024-08-19 14:04:00,000 - cluster_utils - INFO - Job 0 finished successfully.
            2024-08-19 14:04:00,500 - cluster_utils - INFO - Job with id 2 submitted.
            2024-08-19 14:04:02,000 - cluster_utils - INFO - Job 2 started on hostname g053
            Traceback (most recent call last): a continuation line, skipped
            2024-08-19 14:05:00,000 - cluster_utils - INFO - Exiting now
            """;

    static long at(String hms) {
        return LocalDateTime.parse("2024-08-19T" + hms).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    @Test
    void readsTheOriginalsLog() throws Exception {
        Path log = tmp.resolve("cluster_run.log");
        Files.writeString(log, ORIGINAL_LOG);
        TimelineData t = TimelineReader.read(log);
        assertEquals(3, t.jobs().size());
        assertEquals(List.of(
                new TimelineData.Run(at("14:03:13"), at("14:03:15"), at("14:03:30"), TimelineData.End.RESUMED),
                new TimelineData.Run(at("14:03:31"), at("14:03:33"), at("14:04:00"), TimelineData.End.SUCCEEDED)),
                t.jobs().get(0).runs());
        assertEquals(List.of(new TimelineData.Run(at("14:03:13.100"), at("14:03:16"), at("14:03:40"), TimelineData.End.FAILED)),
                t.jobs().get(1).runs(), "the first failure line ends the run");
        assertEquals(List.of(new TimelineData.Run(at("14:04:00.500"), at("14:04:02"), -1, TimelineData.End.OPEN)),
                t.jobs().get(2).runs());
        assertEquals(at("14:05:00"), t.exitMillis());
    }

    @Test
    void readsThisToolsFailureLineAndRefusesALogWithoutJobs() throws Exception {
        Path log = tmp.resolve("java.log");
        Files.writeString(log, """
                2024-08-19 14:03:13,000 - cluster_utils - INFO - Job with id 0 submitted with cluster id local-0
                2024-08-19 14:03:14,000 - cluster_utils - INFO - Job 0 started on hostname box
                2024-08-19 14:03:20,000 - cluster_utils - WARNING - Job 0 on hostname box failed with error:
                Job ended with exit code 1 and sent no results.
                2024-08-19 14:03:21,000 - cluster_utils - INFO - Job 1 loaded final results {'loss': 1.0} from the filesystem. Will not run!
                2024-08-19 14:03:22,000 - cluster_utils - ERROR - Too many (1) jobs failed. Ending procedure.
                """);
        TimelineData t = TimelineReader.read(log);
        assertEquals(TimelineData.End.FAILED, t.jobs().get(0).runs().get(0).end());
        assertEquals(new TimelineData.Run(-1, -1, at("14:03:21"), TimelineData.End.SUCCEEDED), t.jobs().get(1).runs().get(0));
        assertEquals(at("14:03:22"), t.exitMillis());

        Path empty = tmp.resolve("empty.log");
        Files.writeString(empty, "nothing to see\n");
        IOException e = assertThrows(IOException.class, () -> TimelineReader.read(empty));
        assertTrue(e.getMessage().contains("no job lines"), e.getMessage());
    }

    @Test
    void fromAResultsDirectoryWithResubmissions() throws Exception {
        SyntheticRuns run = SyntheticRuns.grid(tmp.resolve("res"), SyntheticRuns.gridSettings("timeline_run", 1,
                List.of(SyntheticRuns.entry("x", 1, 2, 3)))).parallel(2);
        run.add(new SyntheticRuns.Job(0, 0, Map.of("x", 1), Map.of("loss", 1.0), null, false, 2));
        run.failed(1, 0, Map.of("x", 2), "boom");
        run.succeeded(2, 0, Map.of("x", 3), Map.of("loss", 3.0));
        Path dir = run.write();
        TimelineData t = TimelineReader.read(dir);
        assertEquals("timeline_run", t.name());
        assertEquals(3, t.jobs().get(0).runs().size(), "two exits for resume, then the run that succeeded");
        assertEquals(List.of(TimelineData.End.RESUMED, TimelineData.End.RESUMED, TimelineData.End.SUCCEEDED),
                t.jobs().get(0).runs().stream().map(TimelineData.Run::end).toList());
        assertTrue(t.exitMillis() > 0);

        Path out = tmp.resolve("timeline.pdf");
        Timeline.write(dir, out, false);
        PdfFile pdf = PdfFile.read(out);
        assertEquals(2, pdf.pages);
        pdf.assertContains("Job timeline of 'timeline_run'", "3 (5 runs; a job that exits to be resumed runs again)",
                "2 succeeded, 1 failed, 2 exited to be resumed, 0 not ended", "Jobs queued and running at once",
                "Job timeline", "job id", "queued", "ran, succeeded", "ran, failed", "ran, exited to be resumed");
        pdf.assertLacks("running (no end recorded)");
        assertTrue(pdf.pixelSpread(1) > 15, "the timeline page is not blank");
        assertTrue(pdf.inkShare(1) > 0.05, "bars cover part of the page: " + pdf.inkShare(1));
    }

    @Test
    void runsWithoutEndAreCappedOnRequest() throws Exception {
        Path log = tmp.resolve("cluster_run.log");
        Files.writeString(log, ORIGINAL_LOG.replace("2024-08-19 14:05:00,000 - cluster_utils - INFO - Exiting now\n", ""));
        TimelineData t = TimelineReader.read(log);
        assertEquals(-1, t.exitMillis());
        Path capped = tmp.resolve("capped.pdf");
        Timeline.write(t, capped, true, at("18:00:00"));
        // recorded span 14:03:13 - 14:04:02 (49 s): open runs end 40 % of it later
        PdfFile.read(capped).assertContains("drawn up to 2024-08-19 14:04:21 (capped)", "running (no end recorded)");
        Path uncapped = tmp.resolve("uncapped.pdf");
        Timeline.write(t, uncapped, false, at("18:00:00"));
        PdfFile.read(uncapped).assertContains("drawn up to 2024-08-19 18:00:00 (now)");
    }
}
