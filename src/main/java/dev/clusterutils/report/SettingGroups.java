package dev.clusterutils.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Successful jobs grouped by their setting of the varied parameters, the view
 * {@code reduced_data.csv} gives: restarts of one setting become one row with a mean.
 */
final class SettingGroups {
    /** One setting: its parameter values (from the first job) and the jobs that ran it. */
    record Group(Map<String, Object> params, List<JobResult> jobs) {
        double mean(String metric) {
            return Stats.mean(values(metric));
        }

        double std(String metric) {
            return Stats.std(values(metric));
        }

        double[] values(String metric) {
            return jobs.stream().mapToDouble(j -> j.metric(metric)).toArray();
        }

        int runs() {
            return jobs.size();
        }
    }

    private SettingGroups() {
    }

    static List<Group> of(List<JobResult> jobs, List<ParamInfo> params) {
        Map<List<String>, Group> groups = new LinkedHashMap<>();
        for (JobResult j : jobs) {
            List<String> key = new ArrayList<>(params.size());
            for (ParamInfo p : params) {
                key.add(Values.label(j.params().get(p.name())));
            }
            groups.computeIfAbsent(key, k -> new Group(j.params(), new ArrayList<>())).jobs().add(j);
        }
        return new ArrayList<>(groups.values());
    }

    /** Groups with a value for {@code metric}, best mean first; {@code minimize} decides what best is. */
    static List<Group> ranked(List<Group> groups, String metric, boolean minimize) {
        Objective o = new Objective(metric, minimize);
        List<Group> out = new ArrayList<>();
        for (Group g : groups) {
            if (Double.isFinite(g.mean(metric))) {
                out.add(g);
            }
        }
        Map<Group, Double> means = new IdentityHashMap<>();
        out.forEach(g -> means.put(g, g.mean(metric)));
        out.sort(Comparator.comparing((Group g) -> means.get(g), o::compare)
                .thenComparingLong(g -> g.jobs().get(0).id()));
        return out;
    }
}
