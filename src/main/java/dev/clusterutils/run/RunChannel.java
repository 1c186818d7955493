package dev.clusterutils.run;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.workspace.GitInfo;

/**
 * The channel step's answer: the code and backend, and the channel the run's job messages arrive
 * on (its {@code address()} goes on every job's command line).
 */
public record RunChannel(RunBackend runBackend, MessageChannel channel) implements Preparation {
    @Override
    public GitInfo git() {
        return runBackend.git();
    }

    @Override
    public Backend backend() {
        return runBackend.backend();
    }
}
