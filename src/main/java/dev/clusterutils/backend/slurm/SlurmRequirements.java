package dev.clusterutils.backend.slurm;

import dev.clusterutils.backend.RequirementsException;
import dev.clusterutils.settings.ClusterRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cluster_requirements} as Slurm reads them (spec 2.4), each key mapped to one sbatch option.
 *
 * @param extraOptions {@code extra_submission_options}, one sbatch option per entry
 * @param ignoredKeys  keys other backends read and Slurm does not; the run logs one warning each
 */
public record SlurmRequirements(
        int cpus,
        int gpus,
        long memoryMb,
        String partition,
        String time,
        Integer signalSeconds,
        List<String> excludedHosts,
        List<String> extraOptions,
        List<String> ignoredKeys) {

    static final List<String> REQUIRED = List.of("request_cpus", "memory_in_mb", "partition", "request_time");
    static final Set<String> KNOWN = Set.of("request_cpus", "request_gpus", "memory_in_mb", "partition", "request_time",
            "signal_seconds_to_timeout", "forbidden_hostnames", "extra_submission_options");

    public SlurmRequirements {
        excludedHosts = List.copyOf(excludedHosts);
        extraOptions = List.copyOf(extraOptions);
        ignoredKeys = List.copyOf(ignoredKeys);
    }

    /** @throws RequirementsException naming every required key that is missing, before anything is submitted */
    public static SlurmRequirements from(ClusterRequirements r) {
        List<String> problems = new ArrayList<>();
        for (String key : REQUIRED) {
            if (!r.has(key)) {
                problems.add("'cluster_requirements' settings for Slurm require a value for '" + key + "' but none is provided.");
            }
        }
        if (!problems.isEmpty()) {
            throw new RequirementsException(problems);
        }
        List<String> ignored = new ArrayList<>();
        for (String key : r.values().keySet()) {
            if (!KNOWN.contains(key)) {
                ignored.add(key);
            }
        }
        Integer signal = r.integer("signal_seconds_to_timeout");
        return new SlurmRequirements(r.integer("request_cpus"), r.integer("request_gpus", 0), longValue(r.raw("memory_in_mb")),
                r.string("partition"), r.string("request_time"), signal == null || signal == 0 ? null : signal,
                r.strings("forbidden_hostnames"), extraOptions(r.raw("extra_submission_options")), ignored);
    }

    private static long longValue(Object v) {
        return ((Number) v).longValue();
    }

    /**
     * A list gives one option per entry; a dict one per key ({@code key=value}, or the key alone when the
     * value is null, empty or true; the original wrote the keys only); a string is one option (the original
     * split it into one line per character), or one per line if it has several.
     */
    static List<String> extraOptions(Object raw) {
        List<String> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            list.forEach(o -> add(out, String.valueOf(o)));
        } else if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String value = v == null || Boolean.TRUE.equals(v) ? "" : String.valueOf(v);
                add(out, value.isEmpty() ? String.valueOf(k) : k + "=" + value);
            });
        } else if (raw != null) {
            String.valueOf(raw).lines().forEach(l -> add(out, l));
        }
        return out;
    }

    private static void add(List<String> out, String option) {
        String o = option.strip();
        if (o.startsWith("#SBATCH")) {
            // written as a whole line in the settings: keep one #SBATCH, not two
            o = o.substring("#SBATCH".length()).strip();
        }
        if (!o.isEmpty()) {
            out.add(o);
        }
    }
}
