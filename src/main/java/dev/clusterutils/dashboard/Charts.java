package dev.clusterutils.dashboard;

import java.util.List;

/**
 * What the page's charts draw, in {@code GET /api/runs/{name}/charts}: already cut down to what a
 * browser draws quickly (every figure is capped, whatever the number of jobs), so a run of 10,000
 * jobs costs the page the same as one of 500. Numbers are arrays to keep the JSON small; a missing
 * value is null.
 *
 * @param metric   the metric charted ({@code ?metric=} or the run's own)
 * @param metrics  every numeric metric of the succeeded jobs, to choose from
 * @param history  the metric in the order results arrived, with the best so far
 * @param params   the parameters that vary, as chart axes
 * @param samples  {@code [job id, value, position on each of params...]} for the slices and the parallel
 *                 coordinates: every succeeded job up to {@link ChartData#MAX_SAMPLES}, else the best ones and a
 *                 seeded random rest (so the picture does not jitter between polls)
 * @param curves   learning curves from the jobs' early reports ({@code announce_early_results})
 * @param timeline when each job waited and ran
 */
public record Charts(String run, long version, String metric, Boolean minimize, List<String> metrics, long succeeded,
                     History history, List<Axis> params, List<Double[]> samples, boolean samplesCut, String curveMetric,
                     List<Curve> curves, Timeline timeline) {

    /**
     * @param points {@code [n, value, job id]}: the n-th result to arrive (every one up to
     *               {@link ChartData#MAX_HISTORY}, else a stride sample plus every new best)
     * @param best   {@code [n, best so far]} at each improvement and at the last result: a step line
     */
    public record History(List<double[]> points, List<double[]> best, boolean cut) {
    }

    /**
     * A parameter as an axis: numbers on a linear or log scale between min and max, or categories
     * (strings, booleans, a short list of grid values) at positions 0, 1, 2 ...
     */
    public record Axis(String name, boolean categorical, List<String> categories, boolean log, Double min, Double max) {
    }

    /** {@code points}: {@code [report number (1, 2, ...), value]}. */
    public record Curve(long id, String state, List<double[]> points) {
    }

    /**
     * @param origin epoch millis of the run's first event; bar times are seconds after it
     * @param bars   {@code [job id, submitted, started, ended, state index]}; -1 where it has not happened
     *               (a running job's end is the time of the last event)
     * @param states the state labels the indices name
     * @param cut    more jobs than {@link ChartData#MAX_BARS}: every k-th job is drawn, running ones always
     */
    public record Timeline(long origin, double now, List<String> states, List<double[]> bars, boolean cut) {
    }
}
