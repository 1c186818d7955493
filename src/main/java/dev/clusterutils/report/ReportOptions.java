package dev.clusterutils.report;

/**
 * Knobs of a report. The defaults keep a report of 10,000 jobs within a few seconds and a few MB.
 *
 * @param topSettings  rows of the best-settings tables
 * @param maxPoints    dots per scatter chart; beyond it the best jobs plus a seeded sample are drawn
 * @param maxHeatmaps  grid search: heat maps in the whole report (pairs x metrics), the rest are listed as left out
 * @param maxCorrelated variables in the correlation matrix (metrics first, then numeric parameters)
 */
public record ReportOptions(int topSettings, int maxPoints, int maxHeatmaps, int maxCorrelated) {
    public static final ReportOptions DEFAULTS = new ReportOptions(10, 2_000, 48, 24);
}
