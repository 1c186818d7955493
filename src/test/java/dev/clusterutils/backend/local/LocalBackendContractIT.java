package dev.clusterutils.backend.local;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendContractTest;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.layout.RunLayout;
import java.util.Map;

/** The reference backend passes the contract with real child processes (two slots, so a third job queues). */
class LocalBackendContractIT extends BackendContractTest {
    @Override
    protected Backend createBackend(RunLayout layout) {
        return new LocalBackend(2, Map.of());
    }

    @Override
    protected JobHandle unknownHandle() {
        return new JobHandle("local", "local-999999");
    }

    @Override
    protected JobHandle submitQueued() throws Exception {
        submit("sleep 60");
        submit("sleep 60");
        return submit("sleep 60");
    }
}
