package dev.clusterutils.settings;

import java.util.List;
import java.util.Map;

/**
 * Type-checks {@code cluster_requirements} (spec §2.4). The keys are the union of what the local,
 * Slurm and HTCondor backends read; none is required here, because which ones are depends on the
 * backend that is only detected later, and each backend checks its own.
 */
final class ClusterRequirementsReader {
    private ClusterRequirementsReader() {
    }

    static ClusterRequirements read(Section s) {
        s.integer("request_cpus", false, 1);
        s.integer("request_gpus", false, 0);
        s.integer("memory_in_mb", false, 0);
        s.integer("max_cpus", false, 1);
        s.string("partition", false);
        Object time = s.raw("request_time");
        if (time != null && !(time instanceof String) && !(time instanceof Long)) {
            s.problems().error(s.keyPath("request_time"), Section.expected("str (Slurm time, e.g. \"1:00:00\")", time));
        }
        s.integer("signal_seconds_to_timeout", false, 0);
        s.strings("forbidden_hostnames", false);
        s.strings("hostname_list", false);
        s.integer("bid", false, 0);
        Object cuda = s.raw("cuda_requirement");
        // The original crashes on a number although its docs allow one; a number means a minimum capability.
        if (cuda != null && !(cuda instanceof String) && !Section.isNumber(cuda)) {
            s.problems().error(s.keyPath("cuda_requirement"), Section.expected("str or number", cuda));
        }
        s.integer("gpu_memory_mb", false, 0);
        s.integer("concurrency_limit", false, 1);
        s.string("concurrency_limit_tag", false);
        if (s.has("concurrency_limit") != s.has("concurrency_limit_tag")) {
            s.problems().error(s.keyPath(s.has("concurrency_limit") ? "concurrency_limit_tag" : "concurrency_limit"),
                    "concurrency_limit and concurrency_limit_tag must be set together");
        }
        Object extra = s.raw("extra_submission_options");
        if (extra != null && !(extra instanceof String) && !(extra instanceof Map) && !(extra instanceof List)) {
            s.problems().error(s.keyPath("extra_submission_options"), Section.expected("list, dict or str", extra));
        }
        s.rejectUnknown();
        return new ClusterRequirements(s.map());
    }
}
