package dev.clusterutils.dashboard;

import java.util.Map;

/**
 * One run in {@code GET /api/runs} and {@code GET /api/runs/{name}}. Times are epoch milliseconds.
 *
 * @param name       the key of the run in the API: its {@code optimization_procedure_name}, with {@code ~2},
 *                   {@code ~3} ... when several results directories share a name
 * @param state      {@code preparing} or {@code running} while live; else the journal's end ({@code finished},
 *                   {@code no_results}, {@code aborted}, {@code interrupted}, {@code stopped}) or {@code incomplete}
 *                   (the journal has no end: the server was killed)
 * @param counts     jobs per {@link JobState} label
 * @param total      jobs the run will have ({@code -1} while unknown, e.g. an optimizer that stops on its own)
 * @param progress   ended jobs / total, 0..1; null while the total is unknown
 * @param etaSeconds the live run's estimate; null when unknown or ended
 * @param metric     what the charts show: the optimised metric, else the first metric of the jobs
 * @param minimize   the metric's direction; null when the settings do not say (grid search)
 * @param best       the best value of {@code metric} (lowest when the direction is unknown)
 * @param frontSize  jobs on the Pareto front of a multi-objective run; null for other runs
 * @param hypervolume that front's hypervolume (reference: the worst value seen of each metric plus a tenth of its
 *                   range, see docs/optimizers.md); null for other runs
 * @param version    grows with every journal event read: a client fetches the rest again only when it changed
 */
public record RunSummary(
        String name,
        String runType,
        String state,
        boolean live,
        String resultsDir,
        Map<String, Long> counts,
        long jobs,
        long total,
        Double progress,
        Double etaSeconds,
        Long startedAt,
        Long endedAt,
        Double elapsedSeconds,
        String metric,
        Boolean minimize,
        Double best,
        Long bestJob,
        Map<String, Object> bestParams,
        String message,
        Integer frontSize,
        Double hypervolume,
        long version) {
}
