package dev.clusterutils.results;

import dev.clusterutils.optim.pareto.ParetoRanking;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code reduced_data.csv}: one row per distinct setting of the varied parameters, with the mean
 * of every numeric metric over its restarts, {@code job_restarts}, and the sample standard
 * deviation as {@code <metric>__std} (empty for a single run, as pandas' ddof=1 gives NaN).
 * Kept as running sums, so an update costs the same at the first and the millionth job.
 */
public final class ReducedData {
    private final List<String> groupColumns;
    private final Map<List<Object>, Group> groups = new LinkedHashMap<>();
    private final Set<String> metrics = new LinkedHashSet<>();

    private static final class Group {
        final Map<String, Object> key;
        long count;
        long firstJob = Long.MAX_VALUE;
        final Map<String, double[]> stats = new LinkedHashMap<>(); // n, mean, m2

        Group(Map<String, Object> key) {
            this.key = key;
        }
    }

    public ReducedData(List<String> groupColumns) {
        this.groupColumns = List.copyOf(groupColumns);
    }

    /** Adds one finished job; rows come out ordered by the first job id of each setting (grid order). */
    public void add(long jobId, Map<String, Object> flatParams, Map<String, Object> metricValues) {
        List<Object> keyValues = new ArrayList<>(groupColumns.size());
        Map<String, Object> key = new LinkedHashMap<>();
        for (String c : groupColumns) {
            Object v = flatParams.get(c);
            keyValues.add(v);
            key.put(c, v);
        }
        Group g = groups.computeIfAbsent(keyValues, k -> new Group(key));
        g.count++;
        g.firstJob = Math.min(g.firstJob, jobId);
        for (Map.Entry<String, Object> m : metricValues.entrySet()) {
            if (!(m.getValue() instanceof Number n) || m.getValue() instanceof Boolean) {
                continue;
            }
            metrics.add(m.getKey());
            double x = n.doubleValue();
            double[] s = g.stats.computeIfAbsent(m.getKey(), k -> new double[3]);
            s[0]++;
            double delta = x - s[1];
            s[1] += delta / s[0];
            s[2] += delta * (x - s[1]);
        }
    }

    public int size() {
        return groups.size();
    }

    /** The hp_optimization layout: one metric, rows sorted by its mean, best first. */
    public String render(String metric, boolean minimize) {
        List<Group> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.comparingDouble(g -> minimize ? g.stats.get(metric)[1] : -g.stats.get(metric)[1]));
        return render(ordered);
    }

    /**
     * The multi-objective layout: rows by Pareto rank of their means (the front first), then by the
     * first objective, with a {@code pareto_rank} column at the end.
     */
    public String renderRanked(List<String> objectives, List<Boolean> minimize) {
        List<Group> groupsList = new ArrayList<>(groups.values());
        List<double[]> losses = new ArrayList<>();
        for (Group g : groupsList) {
            double[] l = new double[objectives.size()];
            for (int i = 0; i < l.length; i++) {
                double[] st = g.stats.get(objectives.get(i));
                double mean = st == null ? Double.NaN : st[1];
                l[i] = minimize.get(i) ? mean : -mean;
            }
            losses.add(l);
        }
        int[] rank = ParetoRanking.ranks(losses);
        Map<Group, Integer> rankOf = new IdentityHashMap<>();
        Map<Group, Double> firstLoss = new IdentityHashMap<>();
        for (int i = 0; i < groupsList.size(); i++) {
            rankOf.put(groupsList.get(i), rank[i]);
            firstLoss.put(groupsList.get(i), losses.get(i)[0]);
        }
        List<Group> ordered = new ArrayList<>(groupsList);
        ordered.sort(Comparator.comparingInt((Group g) -> rankOf.get(g)).thenComparingDouble(firstLoss::get)
                .thenComparingLong(g -> g.firstJob));
        return render(ordered, g -> {
            int r = rankOf.get(g);
            return r == ParetoRanking.UNRANKED ? "" : Integer.toString(r);
        });
    }

    public String render() {
        List<Group> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.comparingLong(g -> g.firstJob));
        return render(ordered);
    }

    private String render(List<Group> ordered) {
        return render(ordered, null);
    }

    /** {@code extra}: the cell of a last {@code pareto_rank} column, or null for no such column. */
    private String render(List<Group> ordered, Function<Group, String> extra) {
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(groupColumns);
        header.addAll(metrics);
        header.add("job_restarts");
        metrics.forEach(m -> header.add(m + "__std"));
        if (extra != null) {
            header.add("pareto_rank");
        }
        StringBuilder sb = new StringBuilder(CsvCells.line(header)).append('\n');
        int index = 0;
        for (Group g : ordered) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(index++));
            groupColumns.forEach(c -> cells.add(CsvCells.cell(g.key.get(c))));
            for (String m : metrics) {
                double[] s = g.stats.get(m);
                cells.add(s == null ? "" : CsvCells.cell(s[1]));
            }
            cells.add(Long.toString(g.count));
            for (String m : metrics) {
                double[] s = g.stats.get(m);
                cells.add(s == null || s[0] < 2 ? "" : CsvCells.cell(Math.sqrt(s[2] / (s[0] - 1))));
            }
            if (extra != null) {
                cells.add(extra.apply(g));
            }
            sb.append(CsvCells.line(cells)).append('\n');
        }
        return sb.toString();
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, render());
    }
}
