package dev.clusterutils.run.stopping;

import dev.clusterutils.value.PythonRepr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The median stopping rule (Golovin et al. 2017, Optuna's MedianPruner): once a job sent
 * {@code minReports} reports and {@code minFinished} jobs finished normally, it is stopped when its
 * best value so far is worse than the median of the finished jobs' values at the same resource
 * (each finished job's last report at or below it; jobs without one do not count).
 */
public final class MedianRule implements StoppingRule {
    private final double minReports;
    private final int minFinished;
    private final Better better;
    private final Map<Long, List<double[]>> running = new HashMap<>();
    private final List<double[][]> finished = new ArrayList<>();

    MedianRule(double minReports, int minFinished, boolean minimize) {
        this.minReports = minReports;
        this.minFinished = minFinished;
        this.better = new Better(minimize);
    }

    @Override
    public Verdict report(long jobId, double resource, double value) {
        List<double[]> curve = running.computeIfAbsent(jobId, id -> new ArrayList<>());
        curve.add(new double[] {resource, value});
        if (curve.size() < minReports || finished.size() < minFinished) {
            return Verdict.CONTINUE;
        }
        double best = curve.stream().mapToDouble(p -> p[1]).reduce(better::best).orElse(value);
        double[] others = finished.stream().mapToDouble(c -> valueAt(c, resource)).filter(v -> !Double.isNaN(v)).toArray();
        if (others.length < minFinished) {
            return Verdict.CONTINUE;
        }
        double median = median(others);
        return better.than(median, best) ? Verdict.stop("its best value " + PythonRepr.floatRepr(best) + " is worse than the median "
                + PythonRepr.floatRepr(median) + " of " + others.length + " finished jobs at resource " + PythonRepr.floatRepr(resource), null)
                : Verdict.CONTINUE;
    }

    @Override
    public void finished(long jobId, double finalValue) {
        List<double[]> curve = running.remove(jobId);
        if (curve != null && !curve.isEmpty()) {
            finished.add(curve.toArray(new double[0][]));
        }
    }

    @Override
    public void ended(long jobId) {
        running.remove(jobId);
    }

    /** The value of the last report at or below {@code resource}; NaN when there is none. */
    private static double valueAt(double[][] curve, double resource) {
        double v = Double.NaN;
        double at = Double.NEGATIVE_INFINITY;
        for (double[] p : curve) {
            if (p[0] <= resource && p[0] >= at) {
                at = p[0];
                v = p[1];
            }
        }
        return v;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
