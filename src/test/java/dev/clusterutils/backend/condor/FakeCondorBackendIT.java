package dev.clusterutils.backend.condor;

import static dev.clusterutils.backend.Specs.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ProcessCommandRunner;
import dev.clusterutils.backend.Specs;
import dev.clusterutils.backend.scheduler.SchedulerBackend;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.ClusterRequirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract does not cover, against the FAKE HTCondor: holds for good, submit and query failures, the user log. */
class FakeCondorBackendIT {
    @TempDir
    Path tmp;
    FakeCondor condor;
    RunLayout layout;

    @BeforeEach
    void setUp() throws Exception {
        condor = new FakeCondor(tmp, 4);
        layout = new RunLayout(tmp.resolve("results"), tmp.resolve("jobs"), null);
        Files.createDirectories(layout.jobsDir());
    }

    SchedulerBackend backend(ClusterRequirements r) {
        return new SchedulerBackend(new CondorDialect(CondorRequirements.from(r), layout), new ProcessCommandRunner(condor.environment()),
                SchedulerBackend.Settings.defaults().withPollInterval(Duration.ofSeconds(1))
                        // long enough for a fake command (a Python start) on a loaded 2-core machine, well below the 20 s hang below
                        .withTimeouts(Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(10)), BackendLog.NONE);
    }

    JobStatus await(SchedulerBackend b, JobHandle h, Predicate<JobStatus> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JobStatus last = null;
        while (System.nanoTime() < deadline) {
            last = b.poll(List.of(h)).get(h);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("last status " + last);
    }

    @Test
    void aJobHeldForAnotherReasonFailsWithTheHoldReasonAndIsRemoved() throws Exception {
        // extra options come last in the description, so they replace the resume hold with one that is not released
        SchedulerBackend b = backend(CondorFilesGoldenTest.base(kv("extra_submission_options",
                List.of("on_exit_hold = (ExitCode =?= 7)", "on_exit_hold_reason = \"Bad input, inspect it\"", "on_exit_hold_subcode = 9"))));
        try {
            JobHandle h = b.submit(Specs.spec(layout, "condor", 0, "exit 7", false));
            JobStatus s = await(b, h, JobStatus::isTerminal);
            assertEquals(JobStatus.Phase.KILLED, s.phase());
            assertTrue(s.reason().contains("held: Bad input, inspect it"), s.reason());
            assertTrue(condor.commands().contains("condor_rm " + h.id()), "removed from the queue: " + condor.commands());
            JobStatus after = await(b, h, st -> true);
            assertEquals(JobStatus.Phase.KILLED, after.phase(), "condor_history: removed");
        } finally {
            b.close();
        }
    }

    @Test
    void submitFailuresAreClassifiedAndTheSubmitCommandIsBoundedInTime() throws Exception {
        SchedulerBackend b = backend(CondorFilesGoldenTest.base());
        JobSpec spec = Specs.spec(layout, "condor", 0, "exit 0", false);
        condor.fault("condor_submit", "{\"exit\": 1, \"stderr\": \"ERROR: Failed to connect to local queue manager\\n\", \"once\": true}");
        assertTrue(assertThrows(BackendException.class, () -> b.submit(spec)).isTransient());
        condor.fault("condor_submit", "{\"sleep\": 20, \"once\": true}");
        BackendException hang = assertThrows(BackendException.class, () -> b.submit(spec));
        assertTrue(hang.isTransient() && hang.getMessage().contains("hangs"), hang.getMessage());
        // a typo in extra_submission_options: condor_submit warns, and the original treated any WARNING as a failure
        SchedulerBackend typo = backend(CondorFilesGoldenTest.base(kv("extra_submission_options", "requets_disk = 1G")));
        BackendException warned = assertThrows(BackendException.class, () -> typo.submit(spec));
        assertFalse(warned.isTransient());
        assertTrue(warned.getMessage().contains("was unused by condor_submit"), warned.getMessage());
        JobHandle h = b.submit(spec);
        assertEquals(JobStatus.ended(0), await(b, h, JobStatus::isTerminal));
        b.close();
        typo.close();
    }

    @Test
    void aFailingCondorQThrowsAndNeverFailsJobs() throws Exception {
        SchedulerBackend b = backend(CondorFilesGoldenTest.base());
        try {
            JobHandle h = b.submit(Specs.spec(layout, "condor", 0, "sleep 5", false));
            condor.fault("condor_q", "{\"exit\": 1, \"stderr\": \"-- Failed to fetch ads from: <127.0.0.1:9618> : vm\\n\"}");
            BackendException e = assertThrows(BackendException.class, () -> b.poll(List.of(h)));
            assertTrue(e.isTransient());
            condor.clearFault("condor_q");
            Thread.sleep(1100);
            assertFalse(b.poll(List.of(h)).get(h).isTerminal());
        } finally {
            b.close();
        }
    }

    @Test
    void theUserLogHasHtCondorsEvents() throws Exception {
        SchedulerBackend b = backend(CondorFilesGoldenTest.base());
        JobSpec spec = Specs.spec(layout, "condor", 0, "bash -c 'exit 2'", false);
        JobHandle h = b.submit(spec);
        assertEquals(2, await(b, h, JobStatus::isTerminal).exitCode());
        String log = Files.readString(layout.schedulerLog(spec.runScript()));
        assertTrue(log.contains("Job executing on host"), log);
        assertTrue(log.contains("(1) Normal termination (return value 2)"), log);
        assertEquals("2\n", Files.readString(spec.failedMarker()));
        b.close();
    }
}
