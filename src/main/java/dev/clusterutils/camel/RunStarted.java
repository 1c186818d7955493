package dev.clusterutils.camel;

import java.nio.file.Path;

/** The reply of {@link CuEndpoints#START}: the run is going; its completion follows on {@link CuEndpoints#COMPLETED}. */
public record RunStarted(String runId, String name, Path resultsDir) {
}
