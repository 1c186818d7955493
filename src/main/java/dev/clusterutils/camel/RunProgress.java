package dev.clusterutils.camel;

import dev.clusterutils.run.RunStatus;
import java.nio.file.Path;

/**
 * A live run's progress for hosts: job counts per state and the best value so far, from
 * {@link CuEndpoints#STATUS} on request and from the {@code cu-progress} route when it changes.
 */
public record RunProgress(String runId, String name, Path resultsDir, RunStatus status) {
}
