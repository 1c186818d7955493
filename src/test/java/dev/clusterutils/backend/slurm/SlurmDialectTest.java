package dev.clusterutils.backend.slurm;

import static dev.clusterutils.backend.Specs.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendConfig;
import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.Backends;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.RequirementsException;
import dev.clusterutils.backend.ScriptedRunner;
import dev.clusterutils.backend.Specs;
import dev.clusterutils.backend.scheduler.SchedulerBackend;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.ClusterRequirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Slurm dialect inside the generic flow, against recorded output of sbatch, squeue, sacct and scancel. */
class SlurmDialectTest {
    @TempDir
    Path tmp;

    RunLayout layout;
    ScriptedRunner runner;
    AtomicLong nanos = new AtomicLong();
    List<String> warnings = new ArrayList<>();
    BackendLog log = new BackendLog() {
        public void info(String m) {
        }

        public void warning(String m) {
            warnings.add(m);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        layout = new RunLayout(tmp.resolve("results"), tmp.resolve("jobs"), null);
        Files.createDirectories(layout.jobsDir());
        runner = new ScriptedRunner();
    }

    SchedulerBackend backend(SlurmDialect.Accounting accounting, boolean arrays) {
        SlurmDialect d = new SlurmDialect(SlurmRequirements.from(SlurmScriptGoldenTest.base()), layout, arrays ? 4 : null,
                accounting, log);
        return new SchedulerBackend(d, runner, SchedulerBackend.Settings.defaults().withBatches(arrays), log, nanos::get);
    }

    JobSpec spec(long id) {
        return Specs.spec(layout, "slurm", id, "srun true", false);
    }

    static JobHandle h(String id) {
        return new JobHandle("slurm", id);
    }

    @Test
    void submitWritesTheScriptAndReadsTheJobId() throws Exception {
        runner.answer("sbatch", 0, "Submitted batch job 42\n", "");
        SchedulerBackend b = backend(SlurmDialect.Accounting.DETECT, false);
        JobSpec s = spec(3);
        assertEquals(h("42"), b.submit(s));
        assertTrue(Files.isExecutable(s.runScript()));
        assertEquals(List.of("sbatch", "--open-mode=append", s.runScript().toString()), runner.calls.get(0));
    }

    @Test
    void submitFailuresAreTransientOnlyWhenTheControllerWasBusy() {
        SchedulerBackend b = backend(SlurmDialect.Accounting.DETECT, false);
        runner.answer("sbatch", 1, "", "sbatch: error: Batch job submission failed: Invalid partition name specified\n");
        BackendException bad = assertThrows(BackendException.class, () -> b.submit(spec(0)));
        assertFalse(bad.isTransient());
        assertTrue(bad.getMessage().contains("Invalid partition name specified"), bad.getMessage());

        runner = new ScriptedRunner().answer("sbatch", 1, "",
                "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n");
        assertTrue(assertThrows(BackendException.class, () -> backend(SlurmDialect.Accounting.DETECT, false).submit(spec(0)))
                .isTransient());
        runner = new ScriptedRunner().answer("sbatch", 1, "", "sbatch: error: Resource temporarily unavailable\n");
        assertTrue(assertThrows(BackendException.class, () -> backend(SlurmDialect.Accounting.DETECT, false).submit(spec(0)))
                .isTransient());
        runner = new ScriptedRunner().timeout("sbatch");
        BackendException hang = assertThrows(BackendException.class, () -> backend(SlurmDialect.Accounting.DETECT, false).submit(spec(0)));
        assertTrue(hang.isTransient());
        assertTrue(hang.getMessage().contains("hangs"), hang.getMessage());
        runner = new ScriptedRunner().answer("sbatch", 0, "", "");
        BackendException silent = assertThrows(BackendException.class, () -> backend(SlurmDialect.Accounting.DETECT, false).submit(spec(0)));
        assertFalse(silent.isTransient());
        assertTrue(silent.getMessage().contains("did not print a cluster job id"));
    }

    @Test
    void runningJobsCostOneSqueueCallWhateverTheirNumber() throws Exception {
        runner.answer("squeue", 0, "11|11|RUNNING|vm|None\n12|12|PENDING||Resources\n13|13|COMPLETING|vm|None\n", "");
        Map<JobHandle, JobStatus> s = backend(SlurmDialect.Accounting.DETECT, false).poll(List.of(h("11"), h("12"), h("13")));
        assertEquals(JobStatus.Phase.RUNNING, s.get(h("11")).phase());
        assertEquals(JobStatus.Phase.QUEUED, s.get(h("12")).phase());
        assertEquals("PENDING (Resources)", s.get(h("12")).reason());
        assertEquals(JobStatus.Phase.RUNNING, s.get(h("13")).phase());
        assertEquals(1, runner.calls.size(), "no sacct while everything is in squeue");
        assertEquals(List.of("squeue", "--noheader", "--array", "--states=all", "--format=%i|%A|%T|%N|%r", "--jobs=11,12,13"),
                runner.calls.get(0));
    }

    @Test
    void aCompletedJobWithTheResumeMarkerEndsWithExitCodeThree() throws Exception {
        SchedulerBackend b = backend(SlurmDialect.Accounting.DETECT, false);
        runner.answer("sbatch", 0, "Submitted batch job 21\n", "").answer("sbatch", 0, "Submitted batch job 22\n", "");
        JobHandle resumed = b.submit(spec(0));
        JobHandle done = b.submit(spec(1));
        Files.writeString(layout.resumeMarker(spec(0).runScript()), "3\n");
        runner.answer("squeue", 0, "21|21|COMPLETED|vm|None\n22|22|COMPLETED|vm|None\n", "");
        Map<JobHandle, JobStatus> s = b.poll(List.of(resumed, done));
        assertEquals(JobStatus.Phase.ENDED, s.get(resumed).phase());
        assertEquals(3, s.get(resumed).exitCode(), "the server learns that the job wants to be resumed");
        assertEquals(JobStatus.ended(0), s.get(done));
        assertTrue(runner.calls("sacct").isEmpty(), "a clean end needs no sacct");
    }

    @Test
    void withoutAccountingSacctFallsBackToTheCompletionLogOnceAndForAll() throws Exception {
        SchedulerBackend b = backend(SlurmDialect.Accounting.DETECT, false);
        runner.answer("squeue", 0, "31|31|FAILED|vm|NonZeroExitCode\n", "");
        runner.answer("sacct", 1, "", "Slurm accounting storage is disabled\n")
                .answer("sacct", 0, "31|FAILED|4:0|vm\n", "");
        JobStatus s = b.poll(List.of(h("31"))).get(h("31"));
        assertEquals(JobStatus.Phase.ENDED, s.phase());
        assertEquals(4, s.exitCode());
        assertTrue(s.reason().contains("FAILED"), s.reason());
        assertEquals(List.of("sacct", "--noheader", "--parsable2", "--format=JobID,State,ExitCode,NodeList", "--jobs=31"),
                runner.calls("sacct").get(0));
        assertEquals("-c", runner.calls("sacct").get(1).get(1));
        b.poll(List.of(h("31")));
        assertEquals(3, runner.calls("sacct").size());
        assertEquals("-c", runner.calls("sacct").get(2).get(1), "detected once");
        assertEquals(SlurmDialect.Accounting.COMPLETION_LOG, ((SlurmDialect) b.dialect()).accounting());
    }

    @Test
    void timeoutNodeFailAndCancelAreFailuresWithTheirReason() throws Exception {
        runner.answer("squeue", 0, "41|41|TIMEOUT|vm|TimeLimit\n42|42|NODE_FAIL|vm|NodeDown\n43|43|CANCELLED|vm|None\n", "");
        runner.answer("sacct", 0, "41|TIMEOUT|0:0|vm\n42|NODE_FAIL|0:0|vm\n43|CANCELLED by 0|0:15|vm\n", "");
        Map<JobHandle, JobStatus> s = backend(SlurmDialect.Accounting.DATABASE, false).poll(List.of(h("41"), h("42"), h("43")));
        assertEquals(JobStatus.Phase.KILLED, s.get(h("41")).phase());
        assertTrue(s.get(h("41")).reason().startsWith("Slurm state TIMEOUT"), s.get(h("41")).reason());
        assertTrue(s.get(h("42")).reason().startsWith("Slurm state NODE_FAIL"));
        assertTrue(s.get(h("43")).reason().startsWith("Slurm state CANCELLED by 0"), s.get(h("43")).reason());
        assertEquals(1, runner.calls("sacct").size(), "one sacct for all of them");
    }

    @Test
    void aStepKilledForMemoryMakesTheJobOutOfMemory() throws Exception {
        // with accounting: the step's state; the job itself is FAILED because the batch script exited 1
        runner.answer("squeue", 0, "51|51|FAILED|vm|NonZeroExitCode\n", "");
        runner.answer("sacct", 0, "51|FAILED|1:0|vm\n51.batch|FAILED|1:0|vm\n51.extern|COMPLETED|0:0|vm\n51.0|OUT_OF_MEMORY|0:125|vm\n", "");
        JobStatus s = backend(SlurmDialect.Accounting.DATABASE, false).poll(List.of(h("51"))).get(h("51"));
        assertEquals(JobStatus.Phase.KILLED, s.phase());
        assertTrue(s.reason().contains("OUT_OF_MEMORY") && s.reason().contains("51.0"), s.reason());
    }

    @Test
    void withoutAccountingTheStepsOomMessageInTheErrorFileTells() throws Exception {
        SchedulerBackend b = backend(SlurmDialect.Accounting.COMPLETION_LOG, false);
        runner.answer("sbatch", 0, "Submitted batch job 61\n", "");
        JobHandle h = b.submit(spec(0));
        Files.writeString(spec(0).stderr(), "srun: error: vm: task 0: Out Of Memory\n"
                + "slurmstepd-vm: error: Detected 1 oom-kill event(s) in StepId=61.0. Some of your processes may have been killed.\n");
        runner.answer("squeue", 0, "61|61|FAILED|vm|NonZeroExitCode\n", "");
        runner.answer("sacct", 0, "61|FAILED|1:0|vm\n", "");
        JobStatus s = b.poll(List.of(h)).get(h);
        assertEquals(JobStatus.Phase.KILLED, s.phase());
        assertTrue(s.reason().startsWith("Slurm state OUT_OF_MEMORY"), s.reason());
        assertTrue(s.reason().contains("memory_in_mb=4000"), s.reason());
    }

    @Test
    void theFailedMarkerGivesTheExitCodeWhenSacctCannot() throws Exception {
        SchedulerBackend b = backend(SlurmDialect.Accounting.NONE, false);
        runner.answer("sbatch", 0, "Submitted batch job 71\n", "");
        JobHandle h = b.submit(spec(0));
        Files.writeString(spec(0).failedMarker(), "7\n");
        runner.answer("squeue", 0, "71|71|FAILED|vm|NonZeroExitCode\n", "");
        JobStatus s = b.poll(List.of(h)).get(h);
        assertEquals(7, s.exitCode());
        assertTrue(runner.calls("sacct").isEmpty());
    }

    @Test
    void aJobGoneFromSqueueAndUnknownToSacctIsUnknown() throws Exception {
        runner.answer("squeue", 1, "", "slurm_load_jobs error: Invalid job id specified\n");
        runner.answer("sacct", 0, "", "");
        Map<JobHandle, JobStatus> s = backend(SlurmDialect.Accounting.DATABASE, false).poll(List.of(h("999999")));
        assertEquals(JobStatus.UNKNOWN, s.get(h("999999")));
    }

    @Test
    void aJobOnlySacctRemembersIsReadFromSacct() throws Exception {
        runner.answer("squeue", 0, "", "");
        runner.answer("sacct", 0, "81|COMPLETED|0:0|vm\n82|OUT_OF_MEMORY|0:125|vm\n", "");
        Map<JobHandle, JobStatus> s = backend(SlurmDialect.Accounting.DATABASE, false).poll(List.of(h("81"), h("82")));
        assertEquals(JobStatus.ended(0), s.get(h("81")));
        assertEquals(JobStatus.Phase.KILLED, s.get(h("82")).phase());
    }

    @Test
    void accountingThatLagsBehindSqueueDoesNotOverrideIt() throws Exception {
        runner.answer("squeue", 0, "91|91|FAILED|vm|NonZeroExitCode\n", "");
        runner.answer("sacct", 0, "91|PENDING|0:0|None assigned\n", "");
        JobStatus s = backend(SlurmDialect.Accounting.DATABASE, false).poll(List.of(h("91"))).get(h("91"));
        assertEquals(JobStatus.Phase.ENDED, s.phase());
    }

    @Test
    void aFailingSqueueThrowsAndLaterPollsBackOff() throws Exception {
        SchedulerBackend b = backend(SlurmDialect.Accounting.DATABASE, false);
        runner.answer("squeue", 1, "", "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n")
                .answer("squeue", 0, "5|5|RUNNING|vm|None\n", "");
        BackendException e = assertThrows(BackendException.class, () -> b.poll(List.of(h("5"))));
        assertTrue(e.isTransient());
        assertEquals(1, runner.calls.size());
        nanos.addAndGet(1_000_000_000L);
        assertThrows(BackendException.class, () -> b.poll(List.of(h("5"))), "within the back-off: no command at all");
        assertEquals(1, runner.calls.size());
        nanos.addAndGet(5_000_000_000L);
        assertEquals(JobStatus.Phase.RUNNING, b.poll(List.of(h("5"))).get(h("5")).phase());
        assertEquals(2, runner.calls.size());
    }

    @Test
    void aHangingStatusCommandThrowsInsteadOfFailingJobs() {
        runner.timeout("squeue");
        BackendException e = assertThrows(BackendException.class, () -> backend(SlurmDialect.Accounting.DATABASE, false)
                .poll(List.of(h("5"))));
        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
    }

    @Test
    void arrayTasksArePolledByArrayAndReadFromTheCompletionLogByTheirOwnIds() throws Exception {
        SchedulerBackend b = backend(SlurmDialect.Accounting.COMPLETION_LOG, true);
        runner.answer("sbatch", 0, "Submitted batch job 100\n", "");
        List<JobHandle> handles = b.submitBatch(List.of(spec(0), spec(1), spec(2)));
        assertEquals(List.of(h("100_0"), h("100_1"), h("100_2")), handles);
        assertEquals(1, runner.calls("sbatch").size(), "one sbatch for the whole array");
        assertEquals(Specs.LAYOUT.arrayScript(0).getFileName(), Path.of(runner.calls("sbatch").get(0).get(2)).getFileName());
        assertTrue(Files.readString(layout.arrayScript(0)).contains("#SBATCH --array=0-2%4\n"));
        runner.answer("squeue", 0, "100_0|101|COMPLETED|vm|None\n100_1|102|FAILED|vm|NonZeroExitCode\n100_2|100|PENDING||JobArrayTaskLimit\n", "");
        runner.answer("sacct", 0, "102|FAILED|2:0|vm\n", "");
        Map<JobHandle, JobStatus> s = b.poll(handles);
        assertEquals("--jobs=100", runner.calls("squeue").get(0).get(5), "a whole array by its id");
        assertEquals("--jobs=102", runner.calls("sacct").get(0).get(5), "the completion log knows task 1 as job 102");
        assertEquals(JobStatus.ended(0), s.get(h("100_0")));
        assertEquals(2, s.get(h("100_1")).exitCode());
        assertEquals(JobStatus.Phase.QUEUED, s.get(h("100_2")).phase());
    }

    @Test
    void cancelsGoInFewCommandsAndIgnoreJobsThatEndedMeanwhile() {
        SchedulerBackend b = backend(SlurmDialect.Accounting.DATABASE, false);
        runner.answer("scancel", 1, "", "scancel: error: Kill job error on job id 5: Job/step already completing or completed\n");
        List<JobHandle> many = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            many.add(h(Integer.toString(1000 + i)));
        }
        b.cancelAll(many);
        assertEquals(3, runner.calls("scancel").size(), "500 ids per scancel");
        b.cancel(h("5"));
        b.cancel(h("5"));
        assertEquals(5, runner.calls("scancel").size(), "idempotent: no exception for a finished job");
    }

    @Test
    void closeCancelsOnlyJobsNotSeenEnding() throws Exception {
        SchedulerBackend b = backend(SlurmDialect.Accounting.DATABASE, false);
        runner.answer("sbatch", 0, "Submitted batch job 1\n", "").answer("sbatch", 0, "Submitted batch job 2\n", "");
        runner.answer("squeue", 0, "1|1|COMPLETED|vm|None\n2|2|RUNNING|vm|None\n", "");
        runner.answer("scancel", 0, "", "");
        b.submit(spec(0));
        b.submit(spec(1));
        b.poll(List.of(h("1"), h("2")));
        b.close();
        assertEquals(List.of(List.of("scancel", "2")), runner.calls("scancel"));
        assertThrows(BackendException.class, () -> b.submit(spec(2)), "a closed backend submits nothing");
    }

    @Test
    void afterACrashLiveJobsAreAdoptedAndEndedOnesAreNot() throws Exception {
        SchedulerBackend b = backend(SlurmDialect.Accounting.DATABASE, false);
        runner.answer("squeue", 0, "300|300|RUNNING|vm|None\n", "")
                .answer("squeue", 0, "301|301|COMPLETED|vm|None\n", "")
                .answer("squeue", 1, "", "slurm_load_jobs error: Unable to contact slurm controller\n");
        assertEquals(h("300"), b.adopt("300", 12345L));
        assertEquals(null, b.adopt("301", 12346L), "ended: the run looks for its results instead");
        assertEquals(h("302"), b.adopt("302", 12347L), "Slurm cannot be asked: watch it rather than run it twice");
        assertEquals(2, b.tracked());
    }

    @Test
    void missingRequiredKeysAreOneClearErrorBeforeAnySubmission() {
        RequirementsException e = assertThrows(RequirementsException.class,
                () -> SlurmRequirements.from(Specs.requirements(kv("request_cpus", 1))));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("'cluster_requirements' settings for Slurm require a value for 'partition'"));
        assertTrue(e.getMessage().contains("'memory_in_mb'") && e.getMessage().contains("'request_time'"));
    }

    @Test
    void keysSlurmDoesNotReadGetOneWarningEach() {
        ClusterRequirements r = SlurmScriptGoldenTest.base(kv("bid", 10), kv("cuda_requirement", "7.0"), kv("max_cpus", 4));
        Backend b = Backends.create("slurm", r, null, Map.of(), BackendConfig.of(runner, log, layout));
        assertEquals("slurm", b.kind());
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("'bid' which is not supported by Slurm"), warnings.get(0));
        assertEquals(java.time.Duration.ofSeconds(5), b.pollInterval());
        assertEquals(Backends.DEFAULT_CLUSTER_IN_FLIGHT, b.maxInFlight());
        assertEquals(1, b.maxBatchSize());
        Backend arrays = Backends.create("slurm", r, 8, Map.of(), BackendConfig.of(runner, log, layout).withJobArrays(true));
        assertEquals(SlurmDialect.MAX_ARRAY_SIZE, arrays.maxBatchSize());
        assertEquals(Backends.ARRAY_IN_FLIGHT, arrays.maxInFlight());
    }

    @Test
    void aJobWhoseIdNeverReachedTheJournalIsFoundByItsName() {
        SchedulerBackend b = backend(SlurmDialect.Accounting.DATABASE, false);
        runner.answer("squeue", 0, "401|demo_41\n400|demo_4\n", "")
                .answer("squeue", 0, "", "")
                .answer("squeue", 1, "", "slurm_load_jobs error: Unable to contact slurm controller\n");
        assertEquals(h("400"), b.adoptUnrecorded(7L, "demo_4"));
        assertTrue(runner.calls("squeue").get(0).contains("--name=demo_4"), runner.calls.toString());
        assertEquals(null, b.adoptUnrecorded(8L, "demo_5"), "not queued or running: the run may start it");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.adoptUnrecorded(9L, "demo_6"));
        assertTrue(e.getMessage().contains("Resume again"), "never guess when a second copy could result: " + e.getMessage());
        assertEquals(1, b.tracked());
    }
}
