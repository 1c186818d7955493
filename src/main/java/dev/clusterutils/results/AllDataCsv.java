package dev.clusterutils.results;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code all_data.csv}, grown one row per finished job: a row is appended as one write, so the
 * file is complete after every job. Columns are in order of first appearance; a job that brings
 * a new column (rare: a metric only some jobs report) makes one rewrite that pads the earlier
 * rows. {@link #finish} sorts the rows by job id once, as the original's table is ordered.
 * The first column is pandas' unnamed index, always 0 in grid search (one-row tables concatenated).
 */
public final class AllDataCsv implements AutoCloseable {
    private final Path file;
    private final List<String> columns = new ArrayList<>();
    private BufferedWriter out;
    private long rows;

    public AllDataCsv(Path file) {
        this.file = file;
    }

    public long rows() {
        return rows;
    }

    public List<String> columns() {
        return List.copyOf(columns);
    }

    public void append(Map<String, Object> row) throws IOException {
        boolean newColumns = false;
        for (String key : row.keySet()) {
            if (!columns.contains(key)) {
                columns.add(key);
                newColumns = true;
            }
        }
        if (out == null) {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            out.write(header());
            out.write('\n');
        } else if (newColumns) {
            out.close();
            rewrite(null);
            out = Files.newBufferedWriter(file, StandardOpenOption.APPEND);
        }
        out.write(render(row));
        out.write('\n');
        out.flush();
        rows++;
    }

    private String header() {
        List<String> cells = new ArrayList<>();
        cells.add("");
        cells.addAll(columns);
        return CsvCells.line(cells);
    }

    private String render(Map<String, Object> row) {
        List<String> cells = new ArrayList<>(columns.size() + 1);
        cells.add("0");
        for (String c : columns) {
            cells.add(CsvCells.cell(row.get(c)));
        }
        return CsvCells.line(cells);
    }

    /** Rewrites the file with the current header, padding old rows; optionally sorted by a column holding longs. */
    private void rewrite(String sortColumn) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<List<String>> records = CsvCells.read(file);
        if (records.isEmpty()) {
            return;
        }
        List<List<String>> body = new ArrayList<>();
        for (List<String> cells : records.subList(1, records.size())) {
            while (cells.size() < columns.size() + 1) {
                cells.add("");
            }
            body.add(cells);
        }
        if (sortColumn != null && columns.contains(sortColumn)) {
            int idx = columns.indexOf(sortColumn) + 1;
            body.sort((a, b) -> Long.compare(parseLong(a.get(idx)), parseLong(b.get(idx))));
        }
        StringBuilder sb = new StringBuilder(header()).append('\n');
        for (List<String> cells : body) {
            sb.append(CsvCells.line(cells)).append('\n');
        }
        AtomicFiles.write(file, sb.toString());
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Closes the file and orders its rows by {@code sortColumn} (the job id). */
    public void finish(String sortColumn) throws IOException {
        close();
        rewrite(sortColumn);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /**
     * Reads an {@code all_data.csv} (or any table of a run) back: one map per row, column name to
     * cell text, the unnamed index column under {@code ""}. Quoted cells may hold line breaks.
     */
    public static List<Map<String, String>> read(Path file) throws IOException {
        List<List<String>> records = CsvCells.read(file);
        List<Map<String, String>> rows = new ArrayList<>();
        if (records.isEmpty()) {
            return rows;
        }
        List<String> header = records.get(0);
        for (List<String> cells : records.subList(1, records.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** A row as the original builds it: the flattened parameters, {@code _id}, then the metrics. */
    public static Map<String, Object> row(Map<String, Object> flatParams, long jobId, Map<String, Object> metrics) {
        Map<String, Object> row = new LinkedHashMap<>(flatParams);
        row.put("_id", jobId);
        metrics.forEach(row::putIfAbsent);
        return row;
    }
}
