package dev.clusterutils.run;

import dev.clusterutils.protocol.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The production metrics.csv fallback: a file older than the job is a leftover and does not count. */
public final class MetricsFiles implements MetricsFallback {
    /** File systems with coarse timestamps round down; a job's own file is never this much older. */
    private static final long MTIME_SLACK_MILLIS = 2_000;

    @Override
    public Map<String, Object> read(Path metricsFile, long notBeforeMillis) throws Exception {
        if (!Files.isRegularFile(metricsFile)) {
            return null;
        }
        if (notBeforeMillis > 0 && Files.getLastModifiedTime(metricsFile).toMillis() < notBeforeMillis - MTIME_SLACK_MILLIS) {
            return null;
        }
        return MetricsCsv.read(metricsFile);
    }
}
