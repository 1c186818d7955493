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
        if (extra instanceof List<?> || extra instanceof Map<?, ?>) {
            rejectLineBreaks(s, s.keyPath("extra_submission_options"), extra);
        }
        for (Map.Entry<String, Object> e : s.map().entrySet()) {
            if (!e.getKey().equals("extra_submission_options")) {
                rejectLineBreaks(s, s.keyPath(e.getKey()), e.getValue());
            }
        }
        s.rejectUnknown();
        return new ClusterRequirements(s.map());
    }

    /**
     * Every value here ends up on one line of a generated file (an {@code #SBATCH} directive, a
     * submit-file line): a line break would start a new line, i.e. a shell command in the script.
     * A string {@code extra_submission_options} is the one multi-line value: one option per line.
     */
    private static void rejectLineBreaks(Section s, String path, Object v) {
        if (v instanceof String str && (str.indexOf('\n') >= 0 || str.indexOf('\r') >= 0)) {
            s.problems().error(path, "must not contain a line break (it would start a new line in the job script)");
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                rejectLineBreaks(s, path + "[" + i + "]", l.get(i));
            }
        } else if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                rejectLineBreaks(s, path, k);
                rejectLineBreaks(s, path + "." + k, x);
            });
        }
    }
}
