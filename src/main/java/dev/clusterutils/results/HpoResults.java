package dev.clusterutils.results;

import dev.clusterutils.optim.pareto.ParetoRanking;
import dev.clusterutils.settings.Objectives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tables of an hp_optimization run, as the original writes them after every iteration:
 * {@code all_data.csv} with columns in code-point order (pandas' concatenation sorts them) and rows
 * sorted by the metric (best first, missing last), and {@code reduced_data.csv} with the mean,
 * count and sample standard deviation of the metric per distinct setting of the optimised parameters.
 *
 * <p>With several objectives the order is by Pareto rank (the front first, see
 * {@link ParetoRanking}), then by the first objective; {@code reduced_data.csv} gets a
 * {@code pareto_rank} column (ranked on the mean of each setting), and {@code pareto_front.csv}
 * holds the all-data rows of the front.
 */
public final class HpoResults implements ResultSink {
    private final Path allDataFile;
    private final Path reducedFile;
    private final List<String> paramNames;
    private final String metric;
    private final boolean minimize;
    private final Objectives objectives;
    private final Path paretoFile;
    private final List<Row> rows = new ArrayList<>();
    private final TreeSet<String> columns = new TreeSet<>();
    private boolean dirty;

    /** One finished job: {@code index} is its position in the order results arrived. */
    public record Row(long index, long jobId, Map<String, Object> cells, double metric, double[] losses) {
    }

    public HpoResults(Path allDataFile, Path reducedFile, List<String> paramNames, String metric, boolean minimize) {
        this(allDataFile, reducedFile, null, paramNames, Objectives.single(metric, minimize));
    }

    /** @param paretoFile where the front goes in a multi-objective run (unused with one objective) */
    public HpoResults(Path allDataFile, Path reducedFile, Path paretoFile, List<String> paramNames, Objectives objectives) {
        this.allDataFile = allDataFile;
        this.reducedFile = reducedFile;
        this.paretoFile = paretoFile;
        this.paramNames = List.copyOf(paramNames);
        this.objectives = objectives;
        this.metric = objectives.name(0);
        this.minimize = objectives.minimizes(0);
    }

    public Objectives objectives() {
        return objectives;
    }

    @Override
    public void succeeded(long jobId, int iteration, Map<String, Object> flatParams, Map<String, Object> metrics) {
        Map<String, Object> cells = AllDataCsv.row(flatParams, jobId, metrics);
        cells.put("_iteration", iteration);
        columns.addAll(cells.keySet());
        Object m = metrics.get(metric);
        double value = m instanceof Number n && !(m instanceof Boolean) ? n.doubleValue() : Double.NaN;
        rows.add(new Row(rows.size(), jobId, cells, value, objectives.losses(metrics)));
        dirty = true;
    }

    /**
     * Rows best first; a missing metric sorts last. With several objectives: by Pareto rank, then
     * by the first objective.
     */
    public List<Row> sortedRows() {
        if (objectives.isMulti()) {
            int[] rank = ParetoRanking.ranks(rows.stream().map(Row::losses).toList());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt((Integer i) -> rank[i])
                    .thenComparingDouble(i -> rows.get(i).losses()[0]).thenComparingLong(i -> rows.get(i).jobId()));
            return order.stream().map(rows::get).toList();
        }
        Comparator<Row> byMetric = Comparator.comparingDouble(r -> minimize ? r.metric() : -r.metric());
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Row r) -> Double.isNaN(r.metric())).thenComparing(byMetric)
                .thenComparingLong(Row::jobId));
        return sorted;
    }

    @Override
    public void checkpoint(boolean force) {
        if (!force || !dirty) {
            return;
        }
        try {
            AtomicFiles.write(allDataFile, renderAllData());
            AtomicFiles.write(reducedFile, renderReduced());
            if (objectives.isMulti() && paretoFile != null) {
                AtomicFiles.write(paretoFile, renderFront());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dirty = false;
    }

    /** The rows of the Pareto front, front-ordered as in {@link #sortedRows}. */
    public List<Row> frontRows() {
        int[] rank = ParetoRanking.ranks(rows.stream().map(Row::losses).toList());
        List<Row> front = new ArrayList<>();
        for (Row r : sortedRows()) {
            if (rank[(int) r.index()] == 0) {
                front.add(r);
            }
        }
        return front;
    }

    String renderAllData() {
        return render(sortedRows());
    }

    /** {@code pareto_front.csv}: the all-data columns, one row per job on the front. */
    String renderFront() {
        return render(frontRows());
    }

    private String render(List<Row> ordered) {
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(columns);
        StringBuilder sb = new StringBuilder(CsvCells.line(header)).append('\n');
        for (Row r : ordered) {
            List<String> cells = new ArrayList<>(columns.size() + 1);
            cells.add(Long.toString(r.index()));
            for (String c : columns) {
                cells.add(CsvCells.cell(r.cells().get(c)));
            }
            sb.append(CsvCells.line(cells)).append('\n');
        }
        return sb.toString();
    }

    String renderReduced() {
        ReducedData reduced = new ReducedData(paramNames);
        if (objectives.isMulti()) {
            for (Row r : rows) {
                if (Arrays.stream(r.losses()).noneMatch(Double::isNaN)) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    double[] v = objectives.values(r.losses());
                    for (int i = 0; i < v.length; i++) {
                        values.put(objectives.name(i), v[i]);
                    }
                    reduced.add(r.jobId(), r.cells(), values);
                }
            }
            return reduced.renderRanked(objectives.names(), objectives.minimize());
        }
        for (Row r : rows) {
            if (!Double.isNaN(r.metric())) {
                reduced.add(r.jobId(), r.cells(), Map.of(metric, r.metric()));
            }
        }
        return reduced.render(metric, minimize);
    }

    @Override
    public void finish() {
        dirty = true;
        checkpoint(true);
    }
}
