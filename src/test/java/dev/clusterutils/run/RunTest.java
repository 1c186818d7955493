package dev.clusterutils.run;

import dev.clusterutils.backend.JobSpecFactory;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.run.stopping.EarlyStopping;
import dev.clusterutils.settings.EarlyKillingParams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.protocol.JobMessage;
import dev.clusterutils.results.GridResults;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.space.GridEntry;
import dev.clusterutils.space.GridExpansion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator driven by events alone: no processes, no Camel. */
class RunTest {
    @TempDir
    Path tmp;

    final AtomicLong clock = new AtomicLong(1_000_000);
    final Map<Long, Long> tokens = new HashMap<>();
    final Map<Path, Map<String, Object>> metricsFiles = new HashMap<>();
    RunLayout layout;
    Journal journal;

    @BeforeEach
    void setUp() throws Exception {
        layout = new RunLayout(tmp.resolve("results"), tmp.resolve("jobs"), null);
        Files.createDirectories(layout.workingDirs());
        journal = Journal.open(layout.journal());
    }

    Run run(int points, int maxInFlight, boolean loadExisting) throws Exception {
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < points; i++) {
            values.add(i);
        }
        GridExpansion grid = new GridExpansion(List.of(new GridEntry(List.of("x"), values)), 1, null, 0);
        JobSpecFactory specs = (id, token, it, params, resub) -> {
            tokens.put(id, token);
            Path script = layout.runScript("local", it, id);
            return new JobSpec(id, it, "t_" + id, "true", script, layout.stdout(script), layout.stderr(script),
                    layout.failedMarker(script), layout.workingDir(id), resub);
        };
        MetricsFallback fallback = (file, notBefore) -> metricsFiles.get(file);
        tables = new GridResults(layout.allData(), layout.reducedData(), grid.parameterNames(), clock::get);
        return new Run("t", new GridPlanner(grid), specs, journal, tables,
                new RunLog(layout.log()), layout, Map.of("fixed", "f"), fallback, clock::get,
                new Run.Options(maxInFlight, 60_000, 5, loadExisting));
    }

    static <T extends Action> List<T> of(List<Action> actions, Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static JobHandle h(long id) {
        return new JobHandle("local", "local-" + id);
    }

    List<Action> submitAll(Run run, List<Action> actions) {
        List<Action> out = new ArrayList<>();
        for (Action.Submit s : of(actions, Action.Submit.class)) {
            out.addAll(run.on(new RunEvent.Submitted(s.spec().jobId(), h(s.spec().jobId()))));
        }
        return out;
    }

    @Test
    void jobsSucceedByMessageOrByMetricsFileAndFailByError() throws Exception {
        Run run = run(3, 10, false);
        List<Action> first = run.on(new RunEvent.Begin());
        assertEquals(3, of(first, Action.Submit.class).size());
        submitAll(run, first);
        assertEquals(3, run.status().submitted());

        run.on(new RunEvent.Message(new JobMessage.JobStarted(tokens.get(0L), "node1")));
        assertEquals(1, run.status().running());
        run.on(new RunEvent.Message(new JobMessage.SentResults(tokens.get(0L), Map.of("loss", 0.5))));
        List<Action> a0 = run.on(new RunEvent.Message(new JobMessage.Concluded(tokens.get(0L))));
        assertEquals(1, of(a0, Action.Forget.class).size());
        assertEquals(1, run.status().succeeded());

        // job 1: no datagram at all, but its metrics.csv is there when the process ends
        metricsFiles.put(layout.metricsFile(1), Map.of("loss", 0.25));
        run.on(new RunEvent.Statuses(Map.of(h(1), JobStatus.ended(0))));
        assertEquals(2, run.status().succeeded());

        List<Action> last = run.on(new RunEvent.Message(new JobMessage.ErrorEncountered(tokens.get(2L),
                List.of("Traceback...\n", "ValueError: boom\n"))));
        Action.Finish finish = of(last, Action.Finish.class).get(0);
        assertEquals(RunOutcome.Status.FINISHED, finish.outcome().status());
        assertEquals(2, finish.outcome().succeeded());
        assertEquals(1, finish.outcome().failed());

        List<JournalEvent> events = Journal.read(layout.journal());
        assertTrue(events.stream().anyMatch(e -> e instanceof JournalEvent.JobSucceeded s && s.source().equals("metrics.csv")));
        assertTrue(events.stream().anyMatch(e -> e instanceof JournalEvent.JobFailed f && f.reason().contains("ValueError: boom")));
    }

    @Test
    void parameterDictHasGridValuesFixedParamsWorkingDirAndId() throws Exception {
        Run run = run(1, 10, false);
        run.on(new RunEvent.Begin());
        JournalEvent.JobCreated created = (JournalEvent.JobCreated) Journal.read(layout.journal()).get(0);
        assertEquals("{x=0, fixed=f, working_dir=" + layout.workingDir(0) + ", id=0}", created.params().toString());
    }

    @Test
    void onlyMaxInFlightJobsExistAtOnce() throws Exception {
        Run run = run(100, 4, false);
        List<Action> first = run.on(new RunEvent.Begin());
        assertEquals(4, of(first, Action.Submit.class).size());
        submitAll(run, first);
        List<Action> next = run.on(new RunEvent.Statuses(Map.of(h(0), JobStatus.ended(1))));
        assertEquals(1, of(next, Action.Submit.class).size(), "one ended, one new");
        assertEquals(5, run.status().created());
    }

    @Test
    void exitCodeThreeResubmitsTheSameJob() throws Exception {
        Run run = run(1, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        run.on(new RunEvent.Message(new JobMessage.ExitForResume(tokens.get(0L))));
        List<Action> again = run.on(new RunEvent.Statuses(Map.of(h(0), JobStatus.ended(3))));
        Action.Submit s = of(again, Action.Submit.class).get(0);
        assertEquals(0, s.spec().jobId());
        assertTrue(s.spec().resubmission());
        assertEquals(0, run.status().failed());
    }

    @Test
    void aNonZeroExitWithoutResultsFailsWithTheExitCode() throws Exception {
        Run run = run(2, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        run.on(new RunEvent.Statuses(Map.of(h(0), JobStatus.ended(2))));
        assertEquals(1, run.status().failed());
        JournalEvent.JobFailed failed = Journal.read(layout.journal()).stream()
                .filter(e -> e instanceof JournalEvent.JobFailed).map(e -> (JournalEvent.JobFailed) e).findFirst().orElseThrow();
        assertTrue(failed.reason().contains("exit code 2"), failed.reason());
    }

    @Test
    void concludedWithoutResultsFailsAfterTheGracePeriod() throws Exception {
        Run run = run(2, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        run.on(new RunEvent.Message(new JobMessage.Concluded(tokens.get(0L))));
        run.on(new RunEvent.Tick());
        assertEquals(0, run.status().failed(), "still within the grace period");
        clock.addAndGet(Run.CONCLUDED_GRACE_MILLIS + 1);
        run.on(new RunEvent.Tick());
        assertEquals(1, run.status().failed());
    }

    @Test
    void resultsArrivingAfterTheConclusionStillCount() throws Exception {
        Run run = run(1, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        run.on(new RunEvent.Message(new JobMessage.Concluded(tokens.get(0L))));
        run.on(new RunEvent.Message(new JobMessage.SentResults(tokens.get(0L), Map.of("loss", 1.0))));
        assertEquals(1, run.status().succeeded());
    }

    @Test
    void messagesWithUnknownJobIdsAreRejected() throws Exception {
        Run run = run(1, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        run.on(new RunEvent.Message(new JobMessage.SentResults(0, Map.of("loss", 0.0))));
        run.on(new RunEvent.Message(new JobMessage.SentResults(tokens.get(0L) + 1, Map.of("loss", 0.0))));
        assertEquals(2, run.rejectedMessages());
        assertEquals(0, run.status().succeeded());
    }

    /** Issue 16, defect 8: a finished job's late datagram is not counted as rejected (forged or foreign). */
    @Test
    void lateDatagramsOfFinishedJobsAreCountedApartFromRejectedOnes() throws Exception {
        Run run = run(2, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        long token = tokens.get(0L);
        run.on(new RunEvent.Message(new JobMessage.SentResults(token, Map.of("loss", 1.0))));
        run.on(new RunEvent.Message(new JobMessage.Concluded(token)));
        assertEquals(1, run.status().succeeded());
        run.on(new RunEvent.Message(new JobMessage.Concluded(token)));
        run.on(new RunEvent.Message(new JobMessage.SentResults(token, Map.of("loss", 1.0))));
        run.on(new RunEvent.Message(new JobMessage.SentResults(12345, Map.of("loss", 0.0))));
        assertEquals(2, run.lateMessages());
        assertEquals(1, run.rejectedMessages());
    }

    /** Issue 16, defect 8: exit code 3 in a tight loop fails the job; a job that runs a while between resumes keeps resuming. */
    @Test
    void aJobExitingForResumeInATightLoopFailsButASlowOneKeepsResuming() throws Exception {
        Run run = run(2, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        for (int i = 0; i < Run.QUICK_RESUME_LIMIT + 5; i++) {
            clock.addAndGet(Run.QUICK_RESUME_MILLIS + 1);
            List<Action> again = run.on(new RunEvent.Statuses(Map.of(h(1), JobStatus.ended(3))));
            assertEquals(1, of(again, Action.Submit.class).size(), "a slow resume is resubmitted every time");
            run.on(new RunEvent.Submitted(1, h(1)));
        }
        run.on(new RunEvent.Submitted(0, h(0))); // job 0 starts now
        for (int i = 1; i < Run.QUICK_RESUME_LIMIT; i++) {
            clock.addAndGet(100);
            assertEquals(1, of(run.on(new RunEvent.Statuses(Map.of(h(0), JobStatus.ended(3)))), Action.Submit.class).size());
            run.on(new RunEvent.Submitted(0, h(0)));
            assertEquals(0, run.status().failed());
        }
        clock.addAndGet(100);
        assertEquals(0, of(run.on(new RunEvent.Statuses(Map.of(h(0), JobStatus.ended(3)))), Action.Submit.class).size());
        assertEquals(1, run.status().failed());
        JournalEvent.JobFailed failed = Journal.read(layout.journal()).stream()
                .filter(e -> e instanceof JournalEvent.JobFailed).map(e -> (JournalEvent.JobFailed) e).findFirst().orElseThrow();
        assertTrue(failed.reason().contains(Run.QUICK_RESUME_LIMIT + " times in a row"), failed.reason());
    }

    @Test
    void tooManyFailuresAbortAndCancelTheRest() throws Exception {
        Run run = run(20, 20, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        List<Action> last = List.of();
        for (long id = 0; id < 6; id++) {
            last = run.on(new RunEvent.Statuses(Map.of(h(id), JobStatus.ended(1))));
        }
        Action.Finish finish = of(last, Action.Finish.class).get(0);
        assertEquals(RunOutcome.Status.ABORTED, finish.outcome().status());
        assertEquals(1, finish.outcome().exitCode());
        assertEquals(14, of(last, Action.Cancel.class).size());
        assertTrue(run.on(new RunEvent.Tick()).isEmpty(), "an ended run does nothing more");
    }

    @Test
    void interruptCancelsEverySubmittedJob() throws Exception {
        Run run = run(5, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        List<Action> actions = run.on(new RunEvent.Interrupt());
        assertEquals(5, of(actions, Action.Cancel.class).size());
        assertEquals(130, of(actions, Action.Finish.class).get(0).outcome().exitCode());
    }

    @Test
    void aStatusPushedBeforeTheSubmittedEventIsNotLost() throws Exception {
        Run run = run(1, 10, false);
        run.on(new RunEvent.Begin());
        run.on(new RunEvent.Statuses(Map.of(h(0), JobStatus.ended(1))));
        List<Action> actions = run.on(new RunEvent.Submitted(0, h(0)));
        assertEquals(1, run.status().failed());
        assertEquals(1, of(actions, Action.Finish.class).size());
    }

    @Test
    void loadExistingResultsSkipsJobsThatAlreadyHaveMetrics() throws Exception {
        metricsFiles.put(layout.metricsFile(0), Map.of("loss", 3.0));
        Files.createDirectories(layout.workingDir(0));
        Files.writeString(layout.metricsFile(0), "loss\r\n3.0\r\n");
        Run run = run(2, 10, true);
        List<Action> actions = run.on(new RunEvent.Begin());
        assertEquals(1, of(actions, Action.Submit.class).size());
        assertEquals(1, of(actions, Action.Submit.class).get(0).spec().jobId());
        assertEquals(1, run.status().succeeded());
    }

    @Test
    void allDataCsvHasOneRowPerSuccessfulJobInIdOrder() throws Exception {
        Run run = run(3, 10, false);
        submitAll(run, run.on(new RunEvent.Begin()));
        for (long id : new long[]{2, 0, 1}) {
            run.on(new RunEvent.Message(new JobMessage.SentResults(tokens.get(id), Map.of("loss", id * 0.5))));
            List<Action> a = run.on(new RunEvent.Message(new JobMessage.Concluded(tokens.get(id))));
            of(a, Action.Finish.class).forEach(f -> tables.finish());
        }
        List<String> lines = Files.readAllLines(layout.allData());
        assertEquals(",x,fixed,working_dir,id,_id,loss", lines.get(0));
        assertEquals("0,0,f," + layout.workingDir(0) + ",0,0,0.0", lines.get(1));
        assertEquals("0,2,f," + layout.workingDir(2) + ",2,2,1.0", lines.get(3));
        List<String> reduced = Files.readAllLines(layout.reducedData());
        assertEquals(",x,loss,job_restarts,loss__std", reduced.get(0));
        assertEquals(4, reduced.size());
    }

    @Test
    void aResumedRunJudgesAgainstTheRungsItHadBeforeTheRestart() throws Exception {
        EarlyKillingParams.Asha asha = new EarlyKillingParams.Asha(2, 1, null, null);
        Run before = run(8, 10, false);
        before.enableEarlyStopping(EarlyStopping.of("loss", true, asha));
        submitAll(before, before.on(new RunEvent.Begin()));
        for (long id = 0; id < 4; id++) {
            // each better than the ones before: all go on
            List<Action> a = before.on(new RunEvent.Message(new JobMessage.EarlyReport(tokens.get(id), Map.of("loss", 3.0 - id))));
            assertEquals(List.of(), of(a, Action.Cancel.class));
        }
        journal.flush();

        Run after = run(8, 10, false);
        after.enableEarlyStopping(EarlyStopping.of("loss", true, asha));
        after.restore(Journal.read(layout.journal()), Map.of(4L, h(104)));
        List<Action> a = after.on(new RunEvent.Message(new JobMessage.EarlyReport(tokens.get(4L), Map.of("loss", 10.0))));
        assertEquals(List.of(h(104)), of(a, Action.Cancel.class).stream().map(Action.Cancel::handle).toList(),
                "rung 0 holds the four values reported before the restart, so 10.0 is not among the best 2 of 5");
    }

    @Test
    void killBadJobsEarlyStopsAHopelessJobAndCountsItWithItsLastValue() throws Exception {
        Run run = run(8, 10, false);
        run.enableEarlyStopping(EarlyStopping.of("loss", true, new EarlyKillingParams.Rank(1, 1.0)));
        submitAll(run, run.on(new RunEvent.Begin()));
        for (long id = 0; id < 6; id++) {
            long token = tokens.get(id);
            run.on(new RunEvent.Message(new JobMessage.JobStarted(token, "h")));
            for (int t = 0; t < 4; t++) {
                run.on(new RunEvent.Message(new JobMessage.EarlyReport(token, Map.of("loss", id * 10.0 + 4 - t))));
            }
            run.on(new RunEvent.Message(new JobMessage.SentResults(token, Map.of("loss", id * 10.0))));
            run.on(new RunEvent.Message(new JobMessage.Concluded(token)));
        }
        long bad = tokens.get(6L);
        run.on(new RunEvent.Message(new JobMessage.JobStarted(bad, "h")));
        List<Action> actions = run.on(new RunEvent.Message(new JobMessage.EarlyReport(bad, Map.of("loss", 1e6))));
        assertEquals(List.of(h(6)), of(actions, Action.Cancel.class).stream().map(Action.Cancel::handle).toList());
        assertEquals(7, run.status().succeeded());
        assertTrue(Files.readString(layout.journal()).contains("\"source\":\"killed_early\""));
        long good = tokens.get(7L);
        run.on(new RunEvent.Message(new JobMessage.JobStarted(good, "h")));
        assertTrue(of(run.on(new RunEvent.Message(new JobMessage.EarlyReport(good, Map.of("loss", 0.5)))), Action.Cancel.class).isEmpty());
    }

    private GridResults tables;
}
