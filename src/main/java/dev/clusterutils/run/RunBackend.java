package dev.clusterutils.run;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.workspace.GitInfo;

/**
 * The backend step's answer: the code, and where its jobs execute ({@code kind}: local, slurm,
 * condor, dryrun; {@code jobArrays}: a grid search submits Slurm job arrays).
 */
public record RunBackend(RunCode code, String kind, Backend backend, boolean jobArrays) implements Preparation {
    @Override
    public GitInfo git() {
        return code.git();
    }

    @Override
    public MessageChannel channel() {
        return null;
    }
}
