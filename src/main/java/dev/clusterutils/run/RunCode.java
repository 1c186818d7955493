package dev.clusterutils.run;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.workspace.GitInfo;
import dev.clusterutils.workspace.JobCommand;
import java.nio.file.Path;

/**
 * The code step's answer: what the checkout stage delivered ({@code git}), the directory the jobs
 * run in ({@code mainPath}: the project dir, or the working copy with run_in_working_dir) and the
 * command that starts a job there (environment setup, singularity, the bundled client if needed).
 */
public record RunCode(GitInfo git, Path mainPath, JobCommand command) implements Preparation {
    @Override
    public Backend backend() {
        return null;
    }

    @Override
    public MessageChannel channel() {
        return null;
    }
}
