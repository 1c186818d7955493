package dev.clusterutils.workspace;

import dev.clusterutils.settings.GitParams;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the checkout stage is asked for: the code the jobs run, and where. With
 * {@code workingCopy} the jobs run {@code cwd} itself (run_in_working_dir) and the stage only
 * describes it; otherwise it puts the code of {@code git} (url, branch, commit, depth; no url:
 * the origin of {@code cwd}'s repository) into {@code projectDir}, where {@code scriptRelativePath}
 * must then exist. {@code diffFile} receives the user's uncommitted changes, if any.
 */
public record Checkout(String runId, boolean workingCopy, GitParams git, Path cwd, Path projectDir, String scriptRelativePath,
                       Path diffFile) {

    /** The directory the jobs run in once the stage is done. */
    public Path codeDir() {
        return workingCopy ? cwd : projectDir;
    }

    /** The default stage: git through {@code commands}. */
    public GitInfo perform(GitCheckout git) throws IOException {
        return workingCopy ? git.describeWorkingCopy(cwd, diffFile)
                : git.clone(this.git, cwd, projectDir, scriptRelativePath, diffFile);
    }
}
