package dev.clusterutils.backend.condor;

import dev.clusterutils.backend.RequirementsException;
import dev.clusterutils.settings.ClusterRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cluster_requirements} as HTCondor reads them (spec 2.4), already turned into the lines of
 * the submit description.
 *
 * @param bid               {@code condor_submit_bid <bid>} when set, else plain {@code condor_submit}
 * @param requirementsLine  {@code requirements=...} or empty
 * @param concurrencyLine   {@code concurrency_limits=...} or empty
 * @param extraLines        {@code extra_submission_options}, one line each
 * @param ignoredKeys       keys other backends read and HTCondor does not; the run logs one warning each
 */
public record CondorRequirements(int cpus, int gpus, long memoryMb, Integer bid, String requirementsLine,
                                 String concurrencyLine, List<String> extraLines, List<String> ignoredKeys) {

    static final List<String> REQUIRED = List.of("request_cpus", "request_gpus", "memory_in_mb");
    static final Set<String> KNOWN = Set.of("request_cpus", "request_gpus", "memory_in_mb", "bid", "cuda_requirement",
            "gpu_memory_mb", "hostname_list", "forbidden_hostnames", "concurrency_limit", "concurrency_limit_tag",
            "extra_submission_options");

    public CondorRequirements {
        extraLines = List.copyOf(extraLines);
        ignoredKeys = List.copyOf(ignoredKeys);
    }

    /** @throws RequirementsException naming every missing key, before anything is submitted */
    public static CondorRequirements from(ClusterRequirements r) {
        List<String> problems = new ArrayList<>();
        for (String key : REQUIRED) {
            if (!r.has(key)) {
                problems.add("'cluster_requirements' settings for HTCondor require a value for '" + key + "' but none is provided.");
            }
        }
        int gpus = r.integer("request_gpus", 0);
        if (gpus > 0 && !r.values().containsKey("cuda_requirement")) {
            problems.add("'cluster_requirements' settings for HTCondor require 'cuda_requirement' when request_gpus > 0 "
                    + "(null means no CUDA constraint).");
        }
        if (r.has("concurrency_limit") != r.has("concurrency_limit_tag")) {
            problems.add("'cluster_requirements': concurrency_limit and concurrency_limit_tag must be set together.");
        }
        if (!problems.isEmpty()) {
            throw new RequirementsException(problems);
        }
        List<String> ignored = r.values().keySet().stream().filter(k -> !KNOWN.contains(k)).toList();
        String concurrency = r.has("concurrency_limit")
                ? "concurrency_limits=user." + r.string("concurrency_limit_tag") + ":" + Math.floorDiv(10000, r.integer("concurrency_limit"))
                : "";
        return new CondorRequirements(r.integer("request_cpus"), gpus, ((Number) r.raw("memory_in_mb")).longValue(),
                r.integer("bid"), requirementsLine(r, gpus), concurrency, extraLines(r.raw("extra_submission_options")), ignored);
    }

    /** The clauses in the original's order: CUDA, GPU memory, allowed hosts, forbidden hosts. */
    static String requirementsLine(ClusterRequirements r, int gpus) {
        List<String> clauses = new ArrayList<>();
        if (gpus > 0) {
            String cuda = cudaClause(r.raw("cuda_requirement"));
            if (cuda != null) {
                clauses.add(cuda);
            }
            if (r.has("gpu_memory_mb")) {
                clauses.add("TARGET.CUDAGlobalMemoryMb>=" + r.integer("gpu_memory_mb"));
            }
        }
        List<String> allowed = r.strings("hostname_list");
        if (!allowed.isEmpty()) {
            clauses.add("(" + String.join(" || ", allowed.stream().map(h -> "UtsnameNodename =?= \"" + h + "\"").toList()) + ")");
        }
        for (String h : r.strings("forbidden_hostnames")) {
            clauses.add("UtsnameNodename =!= \"" + h + "\"");
        }
        return clauses.isEmpty() ? "" : "requirements=" + String.join(" && ", clauses);
    }

    /**
     * null: no constraint; a number, or a string that is one: a minimum capability; a string starting
     * with {@code <} or {@code >}: a bound; anything else: a full clause. (The original crashed on numbers.)
     */
    static String cudaClause(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return "TARGET.CUDACapability>=" + n;
        }
        String s = value.toString().strip();
        if (s.startsWith("<") || s.startsWith(">")) {
            return "TARGET.CUDACapability" + s;
        }
        try {
            Double.parseDouble(s);
            return "TARGET.CUDACapability>=" + s;
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** dict: {@code key=value} lines; list: one line each; string: as written. */
    static List<String> extraLines(Object raw) {
        List<String> out = new ArrayList<>();
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.add(k + "=" + v));
        } else if (raw instanceof List<?> list) {
            list.forEach(o -> out.add(String.valueOf(o)));
        } else if (raw != null) {
            out.add(String.valueOf(raw));
        }
        return out;
    }
}
