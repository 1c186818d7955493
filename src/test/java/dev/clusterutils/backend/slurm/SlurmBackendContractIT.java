package dev.clusterutils.backend.slurm;

import static dev.clusterutils.backend.Specs.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendContractTest;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.CountingCommandRunner;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ProcessCommandRunner;
import dev.clusterutils.backend.ScriptFiles;
import dev.clusterutils.backend.scheduler.SchedulerBackend;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.ClusterRequirements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Slurm backend against the real local Slurm (no accounting database: sacct -c), skipped where there is none. */
@NeedsSlurm
class SlurmBackendContractIT extends BackendContractTest {
    static String partition;
    CountingCommandRunner commands;

    @BeforeAll
    static void slurm() {
        partition = LocalSlurm.start(false);
    }

    static ClusterRequirements requirements(Map.Entry<String, Object>... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_cpus", 1);
        m.put("memory_in_mb", 200);
        m.put("partition", partition);
        m.put("request_time", "5:00");
        for (Map.Entry<String, Object> e : more) {
            m.put(e.getKey(), e.getValue());
        }
        return new ClusterRequirements(m);
    }

    SchedulerBackend backend(RunLayout layout, ClusterRequirements r, boolean arrays) {
        SlurmDialect d = new SlurmDialect(SlurmRequirements.from(r), layout, arrays ? 2 : null, SlurmDialect.Accounting.DETECT,
                BackendLog.NONE);
        return new SchedulerBackend(d, commands, SchedulerBackend.Settings.defaults().withPollInterval(Duration.ofSeconds(1))
                .withBatches(arrays), BackendLog.NONE);
    }

    @Override
    protected Backend createBackend(RunLayout layout) {
        commands = new CountingCommandRunner(new ProcessCommandRunner());
        return backend(layout, requirements(), false);
    }

    @Override
    protected JobHandle unknownHandle() {
        return new JobHandle("slurm", "999999");
    }

    /** A begin time an hour ahead: PENDING (BeginTime) until cancelled. */
    @Override
    protected JobHandle submitQueued() throws Exception {
        Backend later = backend(layout, requirements(kv("extra_submission_options", List.of("--begin=now+3600"))), false);
        return later.submit(spec("exit 0"));
    }

    @Override
    protected String command(String shell) {
        return "srun bash -c " + ScriptFiles.quote(shell);
    }

    @Test
    void runningJobsArePolledWithOneSqueueAndNoSacct() throws Exception {
        List<JobHandle> hs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            hs.add(submit("sleep 20"));
        }
        for (JobHandle h : hs) {
            await(h, s -> s.phase() == JobStatus.Phase.RUNNING);
        }
        long before = commands.total();
        Map<JobHandle, JobStatus> s = backend.poll(hs);
        assertEquals(1, commands.total() - before, "one squeue for five running jobs");
        s.values().forEach(st -> assertEquals(JobStatus.Phase.RUNNING, st.phase()));
        backend.cancelAll(hs);
        for (JobHandle h : hs) {
            assertEquals(JobStatus.Phase.KILLED, awaitEnd(h).phase());
        }
    }

    @Test
    void withoutAnAccountingDatabaseTheCompletionLogIsUsed() throws Exception {
        JobHandle h = submit("exit 2");
        assertEquals(2, awaitEnd(h).exitCode());
        assertEquals(SlurmDialect.Accounting.COMPLETION_LOG, ((SlurmDialect) ((SchedulerBackend) backend).dialect()).accounting(),
                "plain sacct said accounting storage is disabled; sacct -c took over");
    }

    @Test
    void anArrayRunsEveryJobAndReportsEachTask() throws Exception {
        SchedulerBackend arrays = backend(layout, requirements(), true);
        try {
            List<JobHandle> hs = arrays.submitBatch(List.of(spec("exit 0"), spec("exit 5"), spec("exit 3")));
            assertEquals(1, commands.count("sbatch"));
            assertTrue(hs.get(0).id().endsWith("_0") && hs.get(2).id().endsWith("_2"), hs.toString());
            backend = arrays;
            assertEquals(JobStatus.ended(0), awaitEnd(hs.get(0)));
            assertEquals(5, awaitEnd(hs.get(1)).exitCode());
            assertEquals(3, awaitEnd(hs.get(2)).exitCode(), "resume marker of an array task");
        } finally {
            arrays.close();
        }
    }
}
