package dev.clusterutils.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * {@code metadata.json}: the original's two keys first ({@code run_type}, {@code start_time} in
 * Python's {@code isoformat()}), then what makes a result traceable: tool version, settings,
 * backend, git state, end time and outcome.
 */
public final class Metadata {
    private final ObjectNode root = JsonValues.MAPPER.createObjectNode();

    public Metadata(String runType, LocalDateTime start) {
        root.put("run_type", runType);
        root.put("start_time", isoformat(start));
    }

    /** Python's {@code datetime.isoformat()}: microseconds, left out when zero. */
    public static String isoformat(LocalDateTime t) {
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? base : base + String.format(".%06d", micros);
    }

    public Metadata put(String key, Object value) {
        root.set(key, JsonValues.toJson(value));
        return this;
    }

    public Metadata putAll(Map<String, Object> values) {
        values.forEach(this::put);
        return this;
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
