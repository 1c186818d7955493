package dev.clusterutils.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tables of an hp_optimization run, as the original writes them after every iteration:
 * {@code all_data.csv} with columns in code-point order (pandas' concatenation sorts them) and rows
 * sorted by the metric (best first, missing last), and {@code reduced_data.csv} with the mean,
 * count and sample standard deviation of the metric per distinct setting of the optimised parameters.
 */
public final class HpoResults implements ResultSink {
    private final Path allDataFile;
    private final Path reducedFile;
    private final List<String> paramNames;
    private final String metric;
    private final boolean minimize;
    private final List<Row> rows = new ArrayList<>();
    private final TreeSet<String> columns = new TreeSet<>();
    private boolean dirty;

    /** One finished job: {@code index} is its position in the order results arrived. */
    public record Row(long index, long jobId, Map<String, Object> cells, double metric) {
    }

    public HpoResults(Path allDataFile, Path reducedFile, List<String> paramNames, String metric, boolean minimize) {
        this.allDataFile = allDataFile;
        this.reducedFile = reducedFile;
        this.paramNames = List.copyOf(paramNames);
        this.metric = metric;
        this.minimize = minimize;
    }

    @Override
    public void succeeded(long jobId, int iteration, Map<String, Object> flatParams, Map<String, Object> metrics) {
        Map<String, Object> cells = AllDataCsv.row(flatParams, jobId, metrics);
        cells.put("_iteration", iteration);
        columns.addAll(cells.keySet());
        Object m = metrics.get(metric);
        double value = m instanceof Number n && !(m instanceof Boolean) ? n.doubleValue() : Double.NaN;
        rows.add(new Row(rows.size(), jobId, cells, value));
        dirty = true;
    }

    /** Rows best first; a missing metric sorts last. */
    public List<Row> sortedRows() {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dirty = false;
    }

    String renderAllData() {
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(columns);
        StringBuilder sb = new StringBuilder(CsvCells.line(header)).append('\n');
        for (Row r : sortedRows()) {
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
