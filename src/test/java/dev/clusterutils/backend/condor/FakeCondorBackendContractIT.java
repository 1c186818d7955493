package dev.clusterutils.backend.condor;

import static dev.clusterutils.backend.Specs.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendContractTest;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ProcessCommandRunner;
import dev.clusterutils.backend.scheduler.SchedulerBackend;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.ClusterRequirements;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The HTCondor backend against the FAKE HTCondor of the test sources (HTCondor itself cannot be
 * installed here): real condor_submit/condor_q/condor_history/condor_rm processes, real job processes.
 */
class FakeCondorBackendContractIT extends BackendContractTest {
    FakeCondor condor;

    Backend backend(RunLayout layout, ClusterRequirements r) {
        SchedulerBackend.Settings settings = SchedulerBackend.Settings.defaults().withPollInterval(Duration.ofSeconds(1));
        return new SchedulerBackend(new CondorDialect(CondorRequirements.from(r), layout),
                new ProcessCommandRunner(condor.environment()), settings, BackendLog.NONE);
    }

    @Override
    protected Backend createBackend(RunLayout layout) throws Exception {
        condor = new FakeCondor(tmp, 4);
        return backend(layout, CondorFilesGoldenTest.base(kv("bid", 10)));
    }

    @Override
    protected JobHandle unknownHandle() {
        return new JobHandle("condor", "999999");
    }

    /** Requirements no machine of the (one-machine) pool meets: the job stays idle, as on a real pool. */
    @Override
    protected JobHandle submitQueued() throws Exception {
        String host = InetAddress.getLocalHost().getHostName().split("\\.")[0];
        Backend nowhere = backend(layout, CondorFilesGoldenTest.base(kv("forbidden_hostnames", List.of(host))));
        JobHandle h = nowhere.submit(spec("exit 0"));
        assertEquals(JobStatus.Phase.QUEUED, await(h, s -> s.phase() == JobStatus.Phase.QUEUED).phase());
        return h;
    }

    /** HTCondor holds a job that exited with 3 and releases it by itself: queued, with exit code 3, never ended. */
    @Override
    protected void assertResumeVisible(JobStatus status) {
        assertEquals(JobStatus.Phase.QUEUED, status.phase(), status.toString());
        assertEquals(3, status.exitCode());
        assertTrue(status.reason().contains("Checkpointed, will resume"), status.reason());
    }

    @Override
    protected String command(String shell) {
        return "bash -c '" + shell + "'";
    }
}
