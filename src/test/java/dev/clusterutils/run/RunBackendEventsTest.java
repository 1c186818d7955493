package dev.clusterutils.run;

import dev.clusterutils.backend.JobSpecFactory;
import dev.clusterutils.layout.RunLayout;
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

/** How the run uses what the cluster backends add: batches (job arrays), scheduler kills, vanished jobs, dry runs. */
class RunBackendEventsTest {
    @TempDir
    Path tmp;

    final AtomicLong clock = new AtomicLong(1_000_000);
    final Map<Long, Long> tokens = new HashMap<>();
    RunLayout layout;
    Journal journal;

    @BeforeEach
    void setUp() throws Exception {
        layout = new RunLayout(tmp.resolve("results"), tmp.resolve("jobs"), null);
        Files.createDirectories(layout.workingDirs());
        journal = Journal.open(layout.journal());
    }

    Run run(int points, int maxInFlight, int batch) throws Exception {
        return run(points, maxInFlight, batch, 5);
    }

    Run run(int points, int maxInFlight, int batch, int margin) throws Exception {
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < points; i++) {
            values.add(i);
        }
        GridExpansion grid = new GridExpansion(List.of(new GridEntry(List.of("x"), values)), 1, null, 0);
        JobSpecFactory specs = (id, token, it, params, resub) -> {
            tokens.put(id, token);
            Path script = layout.runScript("slurm", it, id);
            return new JobSpec(id, it, "t_" + id, "true", script, layout.stdout("slurm", script), layout.stderr("slurm", script),
                    layout.failedMarker(script), layout.workingDir(id), resub);
        };
        return new Run("t", new GridPlanner(grid), specs, journal,
                new GridResults(layout.allData(), layout.reducedData(), grid.parameterNames(), clock::get),
                new RunLog(layout.log()), layout, Map.of(), (file, notBefore) -> null, clock::get,
                new Run.Options(maxInFlight, 5_000, margin, false, batch));
    }

    static <T extends Action> List<T> of(List<Action> actions, Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static JobHandle h(String id) {
        return new JobHandle("slurm", id);
    }

    @Test
    void aGridGoesOutInBatchesAndOnlyWholeBatchesRefill() throws Exception {
        Run run = run(2500, 2000, 1000, 1_000_000);
        List<Action> first = run.on(new RunEvent.Begin());
        List<Action.SubmitBatch> batches = of(first, Action.SubmitBatch.class);
        assertEquals(2, batches.size(), "2000 in flight = two arrays of 1000");
        assertEquals(1000, batches.get(0).specs().size());
        assertTrue(of(first, Action.Submit.class).isEmpty());
        for (Action.SubmitBatch b : batches) {
            for (int i = 0; i < b.specs().size(); i++) {
                run.on(new RunEvent.Submitted(b.specs().get(i).jobId(), h("7_" + b.specs().get(i).jobId())));
            }
        }
        // one job ends: a single free slot is not worth a submission of its own
        List<Action> one = run.on(new RunEvent.Statuses(Map.of(h("7_0"), JobStatus.ended(1))));
        assertTrue(of(one, Action.SubmitBatch.class).isEmpty() && of(one, Action.Submit.class).isEmpty());
        // the first array ends: the other 500 go out as one batch
        Map<JobHandle, JobStatus> ends = new HashMap<>();
        for (int i = 1; i < 1000; i++) {
            ends.put(h("7_" + i), JobStatus.ended(1));
        }
        List<Action> refill = run.on(new RunEvent.Statuses(ends));
        List<Action.SubmitBatch> rest = of(refill, Action.SubmitBatch.class);
        assertEquals(1, rest.size());
        assertEquals(500, rest.get(0).specs().size());
    }

    @Test
    void aJobKilledByTheSchedulerFailsWithTheReason() throws Exception {
        Run run = run(1, 10, 1);
        Action.Submit s = of(run.on(new RunEvent.Begin()), Action.Submit.class).get(0);
        run.on(new RunEvent.Submitted(0, h("5")));
        run.on(new RunEvent.Message(new JobMessage.JobStarted(tokens.get(0L), "node1")));
        assertEquals(1, run.status().running());
        List<Action> end = run.on(new RunEvent.Statuses(Map.of(h("5"),
                JobStatus.killed("Slurm state TIMEOUT (node vm, exit code 0:0)"))));
        assertEquals(1, run.status().failed());
        assertTrue(of(end, Action.Cancel.class).isEmpty(), "the scheduler already ended it");
        String journalText = Files.readString(layout.journal());
        assertTrue(journalText.contains("TIMEOUT"), journalText);
        assertEquals(s.spec().jobId(), 0);
    }

    @Test
    void aRunningJobThatVanishedFromTheSchedulerEndsInsteadOfHanging() throws Exception {
        Run run = run(1, 10, 1);
        run.on(new RunEvent.Begin());
        run.on(new RunEvent.Submitted(0, h("6")));
        run.on(new RunEvent.Message(new JobMessage.JobStarted(tokens.get(0L), "node1")));
        run.on(new RunEvent.Statuses(Map.of(h("6"), JobStatus.UNKNOWN)));
        clock.addAndGet(Run.RESULT_GRACE_MILLIS + 1);
        List<Action> last = run.on(new RunEvent.Tick());
        assertEquals(1, run.status().failed());
        assertEquals(RunOutcome.Status.NO_RESULTS, of(last, Action.Finish.class).get(0).outcome().status());
    }

    @Test
    void aPollThatFailsLeavesJobsAsTheyAre() throws Exception {
        Run run = run(1, 10, 1);
        run.on(new RunEvent.Begin());
        run.on(new RunEvent.Submitted(0, h("8")));
        List<Action> a = run.on(new RunEvent.PollFailed("squeue: Unable to contact slurm controller"));
        assertTrue(a.isEmpty());
        assertEquals(0, run.status().failed());
        assertEquals(1, run.status().submitted());
    }

    @Test
    void everyLiveJobIsPolledRunningOnesToo() throws Exception {
        Run run = run(3, 10, 1);
        run.on(new RunEvent.Begin());
        for (long i = 0; i < 3; i++) {
            run.on(new RunEvent.Submitted(i, h(Long.toString(10 + i))));
        }
        run.on(new RunEvent.Message(new JobMessage.JobStarted(tokens.get(0L), "node1")));
        clock.addAndGet(5_001);
        Action.Poll poll = of(run.on(new RunEvent.Tick()), Action.Poll.class).get(0);
        assertEquals(3, poll.handles().size(), "the original never polled registered (running) jobs");
    }

    @Test
    void aDryRunEndsCleanlyWithJobsNotRun() throws Exception {
        Run run = run(3, 10, 1);
        List<Action> first = run.on(new RunEvent.Begin());
        List<Action> last = List.of();
        for (Action.Submit s : of(first, Action.Submit.class)) {
            JobHandle h = new JobHandle("dryrun", "dryrun-" + s.spec().jobId());
            // pushed before the Submitted event arrives, as the dry-run backend does
            run.on(new RunEvent.Statuses(Map.of(h, JobStatus.notRun("dry run"))));
            last = run.on(new RunEvent.Submitted(s.spec().jobId(), h));
        }
        Action.Finish finish = of(last, Action.Finish.class).get(0);
        assertEquals(RunOutcome.Status.FINISHED, finish.outcome().status());
        assertEquals(0, finish.outcome().exitCode());
        assertEquals(0, finish.outcome().failed(), "not run is not failed: the abort rule does not count it");
        assertTrue(finish.outcome().message().startsWith("Dry run: the scripts and submission files of 3 job(s) are in "),
                finish.outcome().message());
        assertEquals(3, Journal.read(layout.journal()).stream().filter(e -> e instanceof JournalEvent.JobNotRun).count());
    }
}
