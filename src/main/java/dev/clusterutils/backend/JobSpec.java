package dev.clusterutils.backend;

import java.nio.file.Path;

/**
 * Everything a backend needs to run one job. {@code commandBlock} is the shell block of the
 * original (cd, environment activation, variables, pre-job script, the job command) that the
 * backend wraps into its own script; {@code jobName} is {@code <run name>_<id>}.
 */
public record JobSpec(
        long jobId,
        int iteration,
        String jobName,
        String commandBlock,
        Path runScript,
        Path stdout,
        Path stderr,
        Path failedMarker,
        Path workingDir,
        boolean resubmission) {
}
