package dev.clusterutils.backend.condor;

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
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.RequirementsException;
import dev.clusterutils.backend.ScriptedRunner;
import dev.clusterutils.backend.Specs;
import dev.clusterutils.backend.scheduler.SchedulerBackend;
import dev.clusterutils.layout.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTCondor dialect inside the generic flow, against recorded output of condor_submit, condor_q, condor_history, condor_rm. */
class CondorDialectTest {
    @TempDir
    Path tmp;

    RunLayout layout;
    ScriptedRunner runner = new ScriptedRunner();
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
    }

    SchedulerBackend backend(Map.Entry<String, Object>... more) {
        return new SchedulerBackend(new CondorDialect(CondorRequirements.from(CondorFilesGoldenTest.base(more)), layout), runner,
                SchedulerBackend.Settings.defaults(), log);
    }

    static JobHandle h(String id) {
        return new JobHandle("condor", id);
    }

    @Test
    void submitReadsTheClusterIdAndWritesBothFiles() throws Exception {
        runner.answer("condor_submit_bid", 0, "Submitting job(s).\n1 job(s) submitted to cluster 12345.\n", "");
        var spec = Specs.spec(layout, "condor", 4, "true", false);
        assertEquals(h("12345"), backend(kv("bid", 30)).submit(spec));
        assertTrue(Files.isExecutable(spec.runScript()));
        assertTrue(Files.readString(layout.submitFile(spec.runScript())).contains("JobBatchName=demo\n"));
        assertEquals(List.of("condor_submit_bid", "30", layout.submitFile(spec.runScript()).toString()), runner.calls.get(0));
    }

    @Test
    void anyWarningOrErrorLineFailsTheSubmissionAsTheOriginal() {
        runner.answer("condor_submit", 0, "Submitting job(s).\n\nWARNING: the line 'foo = 1' was unused by condor_submit. Is it a typo?\n"
                + "1 job(s) submitted to cluster 7.\n", "");
        BackendException e = assertThrows(BackendException.class, () -> backend().submit(Specs.spec(layout, "condor", 0, "true", false)));
        assertTrue(e.getMessage().contains("was unused"), e.getMessage());
        assertFalse(e.isTransient());
        runner = new ScriptedRunner().answer("condor_submit", 1, "",
                "ERROR: Failed to connect to local queue manager\nCEDAR:6001:Failed to connect to <127.0.0.1:9618>\n");
        assertTrue(assertThrows(BackendException.class, () -> backend().submit(Specs.spec(layout, "condor", 0, "true", false)))
                .isTransient());
    }

    @Test
    void queueAndHistoryInOneCallEach() throws Exception {
        runner.answer("condor_q", 0, "11.0 1 undefined undefined undefined undefined\n12.0 2 undefined undefined undefined undefined\n"
                + "13.0 5 3 3 2 Checkpointed, will resume\n14.0 5 undefined 26 0 Error from slot1@g001: memory usage exceeded request_memory\n", "");
        runner.answer("condor_history", 0, "15.0 4 0 false undefined undefined\n16.0 4 2 false undefined undefined\n"
                + "17.0 3 undefined false undefined via condor_rm (by user admin)\n18.0 4 undefined true 9 undefined\n", "");
        runner.answer("condor_rm", 0, "All jobs in cluster 14 have been marked for removal\n", "");
        runner.answer("condor_submit", 0, "Submitting job(s).\n1 job(s) submitted to cluster 14.\n", "");
        SchedulerBackend b = backend();
        assertEquals(h("14"), b.submit(Specs.spec(layout, "condor", 0, "true", false)));
        List<JobHandle> all = List.of(h("11"), h("12"), h("13"), h("14"), h("15"), h("16"), h("17"), h("18"), h("19"));
        Map<JobHandle, JobStatus> s = b.poll(all);
        assertEquals(JobStatus.QUEUED, s.get(h("11")));
        assertEquals(JobStatus.RUNNING, s.get(h("12")));
        JobStatus resume = s.get(h("13"));
        assertEquals(JobStatus.Phase.QUEUED, resume.phase(), "held for a resume: HTCondor releases it by itself");
        assertEquals(3, resume.exitCode());
        assertTrue(resume.reason().contains("Checkpointed, will resume"));
        JobStatus held = s.get(h("14"));
        assertEquals(JobStatus.Phase.KILLED, held.phase());
        assertTrue(held.reason().contains("memory usage exceeded"), held.reason());
        assertEquals(JobStatus.ended(0), s.get(h("15")));
        assertEquals(2, s.get(h("16")).exitCode(), "every non-zero code fails, not only those starting with 1");
        assertEquals(JobStatus.Phase.KILLED, s.get(h("17")).phase());
        assertEquals(137, s.get(h("18")).exitCode());
        assertEquals(JobStatus.UNKNOWN, s.get(h("19")));
        assertEquals(1, runner.calls("condor_q").size());
        assertEquals(1, runner.calls("condor_history").size());
        List<String> history = runner.calls("condor_history").get(0);
        assertEquals("ClusterId == 15 || ClusterId == 16 || ClusterId == 17 || ClusterId == 18 || ClusterId == 19", history.get(2),
                "only the jobs condor_q did not list");
        b.poll(List.of(h("14")));
        assertEquals(List.of(List.of("condor_rm", "14")), runner.calls("condor_rm"), "a job held for good is removed, once");
    }

    @Test
    void aFailingCondorQThrows() {
        runner.answer("condor_q", 1, "", "-- Failed to fetch ads from: <127.0.0.1:9618> : vm\nCEDAR:6001:Failed to connect\n");
        assertTrue(assertThrows(BackendException.class, () -> backend().poll(List.of(h("1")))).isTransient());
    }

    @Test
    void requirementsAreCheckedUpFrontAndOtherKeysWarned() {
        RequirementsException e = assertThrows(RequirementsException.class,
                () -> CondorRequirements.from(Specs.requirements(kv("request_cpus", 1), kv("request_gpus", 1))));
        assertTrue(e.getMessage().contains("'memory_in_mb'"), e.getMessage());
        assertTrue(e.getMessage().contains("cuda_requirement"), e.getMessage());
        Backend b = Backends.create("condor", CondorFilesGoldenTest.base(kv("partition", "x"), kv("request_time", "1:00:00")), null,
                Map.of(), BackendConfig.of(runner, log, layout));
        assertEquals("condor", b.kind());
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("'partition' which is not supported by HTCondor"));
    }

    @Test
    void aJobWhoseIdNeverReachedTheJournalIsFoundByItsBatchNameAndScript() {
        runner.answer("condor_q", 0, "71.0 /c/demo-jobs/job_0_14.sh\n72.0 /c/demo-jobs/job_0_4.sh\n", "")
                .answer("condor_q", 0, "71.0 /c/demo-jobs/job_0_14.sh\n", "");
        SchedulerBackend b = backend();
        assertEquals(h("72"), b.adoptUnrecorded(7L, "demo_4"));
        assertEquals(List.of("condor_q", "-constraint", "JobBatchName =?= \"demo\"", "-af:j", "Cmd"), runner.calls.get(0));
        assertEquals(null, b.adoptUnrecorded(8L, "demo_4"));
    }
}
