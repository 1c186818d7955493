package dev.clusterutils.run;

import java.nio.file.Path;
import java.util.Map;

/** Reads a job's {@code metrics.csv}: results that count even when their datagram was lost. */
@FunctionalInterface
public interface MetricsFallback {
    /** The metrics, or null when the file is absent or older than {@code notBeforeMillis}; throws when malformed. */
    Map<String, Object> read(Path metricsFile, long notBeforeMillis) throws Exception;
}
