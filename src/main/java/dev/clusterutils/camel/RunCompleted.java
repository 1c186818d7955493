package dev.clusterutils.camel;

import dev.clusterutils.run.RunOutcome;
import java.nio.file.Path;

/** Published on {@link CuEndpoints#COMPLETED} when a run has ended and its files are written. */
public record RunCompleted(String runId, String name, Path resultsDir, RunOutcome outcome) {
}
