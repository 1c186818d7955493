package dev.clusterutils.dashboard;

import dev.clusterutils.value.PythonRepr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@link Charts} from a tracker's jobs, capped so the browser's work does not grow with the run. */
final class ChartData {
    static final int MAX_HISTORY = 2000;
    static final int MAX_SAMPLES = 1000;
    static final int MAX_CURVES = 40;
    static final int MAX_BARS = 800;
    static final int MAX_PARAMS = 16;
    /** Numeric parameters with at most this many distinct values are drawn as categories (a grid's few values). */
    static final int MAX_NUMERIC_CATEGORIES = 12;

    private ChartData() {
    }

    static Charts build(String key, RunTracker.Snapshot s, String asked) {
        List<String> metrics = metrics(s);
        String metric = asked != null && metrics.contains(asked) ? asked : s.metric() != null ? s.metric()
                : metrics.isEmpty() ? null : metrics.get(0);
        boolean minimize = s.minimize() == null || s.minimize();
        List<JobTrack> ok = new ArrayList<>();
        s.forEachJob(j -> {
            if (j.state == JobState.SUCCEEDED && !Double.isNaN(j.value(metric))) {
                ok.add(j);
            }
        });
        ok.sort(Comparator.comparingLong(j -> j.successIndex));
        List<Charts.Axis> axes = axes(s);
        List<JobTrack> sample = sample(ok, metric, minimize);
        List<Double[]> rows = new ArrayList<>(sample.size());
        for (JobTrack j : sample) {
            Double[] row = new Double[2 + axes.size()];
            row[0] = (double) j.id;
            row[1] = j.value(metric);
            for (int a = 0; a < axes.size(); a++) {
                double p = position(axes.get(a), j.params.get(axes.get(a).name()));
                row[2 + a] = Double.isNaN(p) ? null : p;
            }
            rows.add(row);
        }
        String curveMetric = curveMetric(s, metric);
        return new Charts(key, s.version(), metric, s.minimize(), metrics, ok.size(), history(ok, metric, minimize), axes, rows,
                sample.size() < ok.size(), curveMetric, curves(s, curveMetric, metric, minimize), timeline(s));
    }

    /** Numeric metrics of succeeded jobs, in order of first appearance, time_elapsed last. */
    private static List<String> metrics(RunTracker.Snapshot s) {
        Set<String> names = new LinkedHashSet<>();
        s.forEachJob(j -> {
            if (j.state == JobState.SUCCEEDED) {
                j.metrics.forEach((k, v) -> {
                    if (v instanceof Number && !(v instanceof Boolean)) {
                        names.add(k);
                    }
                });
            }
        });
        List<String> out = new ArrayList<>(names);
        if (out.remove("time_elapsed")) {
            out.add("time_elapsed");
        }
        return out;
    }

    static Charts.History history(List<JobTrack> ok, String metric, boolean minimize) {
        List<double[]> best = new ArrayList<>();
        boolean[] improved = new boolean[ok.size()];
        double b = Double.NaN;
        for (int i = 0; i < ok.size(); i++) {
            double v = ok.get(i).value(metric);
            if (Double.isNaN(b) || (minimize ? v < b : v > b)) {
                b = v;
                improved[i] = true;
                best.add(new double[]{i + 1, b});
            }
        }
        if (!ok.isEmpty() && best.get(best.size() - 1)[0] != ok.size()) {
            best.add(new double[]{ok.size(), b});
        }
        int stride = Math.max(1, (int) Math.ceil(ok.size() / (double) MAX_HISTORY));
        List<double[]> points = new ArrayList<>(Math.min(ok.size(), MAX_HISTORY + best.size()));
        for (int i = 0; i < ok.size(); i++) {
            if (i % stride == 0 || improved[i]) {
                points.add(new double[]{i + 1, ok.get(i).value(metric), ok.get(i).id});
            }
        }
        return new Charts.History(points, best, stride > 1);
    }

    /** Every succeeded job up to the cap; beyond it the best 5% and a random rest that is the same at every poll. */
    static List<JobTrack> sample(List<JobTrack> ok, String metric, boolean minimize) {
        if (ok.size() <= MAX_SAMPLES) {
            List<JobTrack> all = new ArrayList<>(ok);
            all.sort(Comparator.comparingLong(j -> j.id));
            return all;
        }
        List<JobTrack> byValue = new ArrayList<>(ok);
        Comparator<JobTrack> better = Comparator.comparingDouble(j -> j.value(metric));
        byValue.sort(minimize ? better : better.reversed());
        int keepBest = MAX_SAMPLES / 20;
        List<JobTrack> out = new ArrayList<>(byValue.subList(0, keepBest));
        List<JobTrack> rest = new ArrayList<>(byValue.subList(keepBest, byValue.size()));
        // a job's place in the sample depends on its id alone: new results do not reshuffle the picture
        rest.sort(Comparator.comparingLong(j -> mix(j.id)));
        out.addAll(rest.subList(0, MAX_SAMPLES - keepBest));
        out.sort(Comparator.comparingLong(j -> j.id));
        return out;
    }

    private static long mix(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The parameters that vary across the jobs, in the order the jobs name them. */
    static List<Charts.Axis> axes(RunTracker.Snapshot s) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        Map<String, boolean[]> numeric = new LinkedHashMap<>();
        Map<String, double[]> range = new LinkedHashMap<>();
        s.forEachJob(j -> j.params.forEach((k, v) -> {
            Set<String> l = labels.computeIfAbsent(k, x -> new LinkedHashSet<>());
            if (l.size() <= MAX_NUMERIC_CATEGORIES * 40) {
                l.add(PythonRepr.str(v));
            }
            boolean[] num = numeric.computeIfAbsent(k, x -> new boolean[]{true});
            double[] r = range.computeIfAbsent(k, x -> new double[]{Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            if (v instanceof Number n && !(v instanceof Boolean)) {
                r[0] = Math.min(r[0], n.doubleValue());
                r[1] = Math.max(r[1], n.doubleValue());
            } else {
                num[0] = false;
            }
        }));
        List<Charts.Axis> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : labels.entrySet()) {
            if (e.getValue().size() < 2 || out.size() >= MAX_PARAMS) {
                continue;
            }
            String name = e.getKey();
            boolean num = numeric.get(name)[0];
            double[] r = range.get(name);
            if (num && e.getValue().size() > MAX_NUMERIC_CATEGORIES) {
                boolean log = r[0] > 0 && r[1] / r[0] >= 1000;
                out.add(new Charts.Axis(name, false, List.of(), log, r[0], r[1]));
            } else if (e.getValue().size() <= MAX_NUMERIC_CATEGORIES * 40) {
                List<String> cats = new ArrayList<>(e.getValue());
                if (num) {
                    cats.sort(Comparator.comparingDouble(Double::parseDouble));
                }
                out.add(new Charts.Axis(name, true, cats, false, null, null));
            }
        }
        return out;
    }

    static double position(Charts.Axis axis, Object v) {
        if (axis.categorical()) {
            int i = axis.categories().indexOf(PythonRepr.str(v));
            return i < 0 ? Double.NaN : i;
        }
        return v instanceof Number n && !(v instanceof Boolean) ? n.doubleValue() : Double.NaN;
    }

    /** The metric the early reports carry: the charted one when they have it, else their first. */
    private static String curveMetric(RunTracker.Snapshot s, String metric) {
        String[] first = {null};
        boolean[] has = {false};
        s.forEachJob(j -> {
            for (Map<String, Double> r : j.early) {
                if (metric != null && r.containsKey(metric)) {
                    has[0] = true;
                }
                if (first[0] == null && !r.isEmpty()) {
                    first[0] = r.keySet().iterator().next();
                }
            }
        });
        return has[0] ? metric : first[0];
    }

    /** Running jobs first (their curves are what moves), then the best finished ones, then the latest. */
    static List<Charts.Curve> curves(RunTracker.Snapshot s, String curveMetric, String metric, boolean minimize) {
        if (curveMetric == null) {
            return List.of();
        }
        List<JobTrack> with = new ArrayList<>();
        s.forEachJob(j -> {
            if (!j.early.isEmpty()) {
                with.add(j);
            }
        });
        Comparator<JobTrack> order = Comparator.comparing((JobTrack j) -> j.state.ended());
        Comparator<JobTrack> byFinal = Comparator.comparingDouble(j -> {
            double v = lastEarly(j, curveMetric);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : minimize ? v : -v;
        });
        with.sort(order.thenComparing(byFinal).thenComparing(Comparator.comparingLong((JobTrack j) -> j.id).reversed()));
        List<Charts.Curve> out = new ArrayList<>();
        for (JobTrack j : with.subList(0, Math.min(MAX_CURVES, with.size()))) {
            List<double[]> pts = new ArrayList<>(j.early.size());
            for (int i = 0; i < j.early.size(); i++) {
                Double v = j.early.get(i).get(curveMetric);
                if (v != null && !v.isNaN() && !v.isInfinite()) {
                    pts.add(new double[]{i + 1, v});
                }
            }
            if (!pts.isEmpty()) {
                out.add(new Charts.Curve(j.id, j.state.label(), pts));
            }
        }
        out.sort(Comparator.comparingLong(Charts.Curve::id));
        return out;
    }

    private static double lastEarly(JobTrack j, String metric) {
        for (int i = j.early.size() - 1; i >= 0; i--) {
            Double v = j.early.get(i).get(metric);
            if (v != null) {
                return v;
            }
        }
        return Double.NaN;
    }

    static Charts.Timeline timeline(RunTracker.Snapshot s) {
        long origin = s.firstEventAt() < 0 ? 0 : s.firstEventAt();
        double now = s.lastEventAt() < 0 ? 0 : (s.lastEventAt() - origin) / 1000.0;
        List<String> states = new ArrayList<>();
        for (JobState st : JobState.values()) {
            states.add(st.label());
        }
        long all = s.jobCount();
        int stride = (int) Math.max(1, (all + MAX_BARS - 1) / MAX_BARS);
        List<double[]> bars = new ArrayList<>();
        long[] seen = {0};
        s.forEachJob(j -> {
            long k = seen[0]++;
            if (k % stride != 0 && j.state != JobState.RUNNING) {
                return;
            }
            bars.add(new double[]{j.id, rel(j.submittedAt, origin), rel(j.startedAt, origin), rel(j.endedAt, origin),
                j.state.ordinal()});
        });
        return new Charts.Timeline(origin, now, states, bars, stride > 1);
    }

    private static double rel(long t, long origin) {
        return t < 0 ? -1 : Math.max(0, (t - origin) / 1000.0);
    }
}
