package dev.clusterutils.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything a report is drawn from, read from a results directory: the journal replayed into
 * jobs, {@code settings_resolved.json} and {@code metadata.json}. The same for both run types.
 *
 * @param settings        the resolved settings tree; empty when the file is missing
 * @param settingsListing the text of {@code settings_resolved.json} as written, null when missing
 * @param jobs            every job the journal created, in id order
 * @param metrics         numeric metrics of successful jobs, in order of first appearance, {@code time_elapsed} last
 * @param objective       hp_optimization's metric and direction; null in grid search
 * @param endStatus       the journal's {@code run_ended} status, null while the run is going (or was killed)
 * @param firstEventMillis epoch millis of the first journal line; 0 when the journal is empty
 */
public record RunResults(
        Path resultsDir,
        String name,
        RunKind kind,
        Map<String, Object> metadata,
        Map<String, Object> settings,
        String settingsListing,
        List<JobResult> jobs,
        List<ParamInfo> params,
        List<String> metrics,
        Objective objective,
        String endStatus,
        String endMessage,
        long firstEventMillis,
        long lastEventMillis) {

    public enum RunKind {
        GRID_SEARCH("grid_search"), HP_OPTIMIZATION("hp_optimization");

        private final String command;

        RunKind(String command) {
            this.command = command;
        }

        public String command() {
            return command;
        }
    }

    public List<JobResult> succeeded() {
        return jobs.stream().filter(JobResult::succeeded).toList();
    }

    public List<JobResult> failed() {
        return jobs.stream().filter(j -> j.outcome() == JobResult.Outcome.FAILED).toList();
    }

    public long count(JobResult.Outcome outcome) {
        return jobs.stream().filter(j -> j.outcome() == outcome).count();
    }

    /** The distinct iterations of all jobs, ascending. */
    public List<Integer> iterations() {
        TreeSet<Integer> s = new TreeSet<>();
        jobs.forEach(j -> s.add(j.iteration()));
        return List.copyOf(s);
    }

    public boolean isHpo() {
        return kind == RunKind.HP_OPTIMIZATION;
    }

    /** A metadata entry as text, or null. */
    public String meta(String key) {
        Object v = metadata.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
