package dev.clusterutils.report;

import java.util.List;

/**
 * Knobs of a report. The defaults keep a report of 10,000 jobs within a few seconds and a few MB.
 *
 * @param topSettings  rows of the best-settings tables
 * @param maxPoints    dots per scatter chart; beyond it the best jobs plus a seeded sample are drawn
 * @param maxHeatmaps  grid search: heat maps in the whole report (pairs x metrics), the rest are listed as left out
 * @param maxCorrelated variables in the correlation matrix (metrics first, then numeric parameters)
 * @param timeElapsed  grid search: tables and charts for {@code time_elapsed} too (it is always in the
 *                     summary's metrics table); off by default, as it is rarely what a grid compares
 */
public record ReportOptions(int topSettings, int maxPoints, int maxHeatmaps, int maxCorrelated, boolean timeElapsed) {
    public static final String TIME_ELAPSED = "time_elapsed";
    public static final ReportOptions DEFAULTS = new ReportOptions(10, 2_000, 48, 24, false);

    public ReportOptions withTimeElapsed(boolean on) {
        return new ReportOptions(topSettings, maxPoints, maxHeatmaps, maxCorrelated, on);
    }

    /** The metrics a grid search report charts and ranks: all but time_elapsed unless asked (or it is the only one). */
    List<String> gridMetrics(List<String> metrics) {
        List<String> shown = metrics.stream().filter(m -> timeElapsed || !m.equals(TIME_ELAPSED)).toList();
        return shown.isEmpty() ? metrics : shown;
    }
}
