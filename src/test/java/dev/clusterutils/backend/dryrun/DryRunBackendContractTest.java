package dev.clusterutils.backend.dryrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendConfig;
import dev.clusterutils.backend.BackendContractTest;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.Backends;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ScriptedRunner;
import dev.clusterutils.backend.Specs;
import dev.clusterutils.layout.RunLayout;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dryrun passes the contract its own way: every job ends NOT_RUN at once and its files are written; nothing runs. */
class DryRunBackendContractTest extends BackendContractTest {
    final ScriptedRunner nothing = new ScriptedRunner();
    final List<JobHandle> pushed = new ArrayList<>();

    @Override
    protected Backend createBackend(RunLayout layout) {
        Backend b = Backends.create("dryrun", Specs.slurmBase(), null, Map.of(),
                BackendConfig.of(nothing, BackendLog.NONE, layout));
        b.setStatusListener((h, s) -> pushed.add(h));
        return b;
    }

    @Override
    protected JobHandle unknownHandle() {
        return new JobHandle("dryrun", "dryrun-999999");
    }

    @Override
    protected JobHandle submitQueued() {
        throw new UnsupportedOperationException("nothing is ever queued in a dry run");
    }

    @Override
    protected String command(String shell) {
        return "srun bash -c '" + shell + "'";
    }

    @Override
    protected boolean runsJobs() {
        return false;
    }

    @Test
    void writesSlurmScriptsAndTheSubmitCommandsAndRunsNoCommand() throws Exception {
        JobSpec s = spec("exit 0");
        JobHandle h = backend.submit(s);
        assertEquals(List.of(h), pushed, "pushed at once, no poll needed");
        assertEquals(JobStatus.Phase.NOT_RUN, backend.poll(List.of(h)).get(h).phase());
        assertTrue(Files.readString(s.runScript()).contains("#SBATCH --partition=gpu-2080ti,cpu-galvani\n"));
        String commands = Files.readString(layout.submitCommands());
        assertTrue(commands.contains("sbatch --open-mode=append " + s.runScript()), commands);
        assertTrue(nothing.calls.isEmpty(), "no scheduler command ran");
    }

    @Test
    void previewsJobArrays() throws Exception {
        Backend arrays = Backends.create("dryrun", Specs.slurmBase(), 5, Map.of(),
                BackendConfig.of(nothing, BackendLog.NONE, layout).withJobArrays(true));
        List<JobHandle> hs = arrays.submitBatch(List.of(spec("exit 0"), spec("exit 0")));
        assertEquals(2, hs.size());
        assertTrue(Files.readString(layout.arrayScript(0)).contains("#SBATCH --array=0-1%5\n"));
        assertTrue(Files.readString(layout.submitCommands()).contains(layout.arrayScript(0).toString()));
    }
}
