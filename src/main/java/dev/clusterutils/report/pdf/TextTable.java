package dev.clusterutils.report.pdf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table of text cells. Columns in {@code rightAligned} hold numbers and are right-aligned,
 * so digits line up.
 */
public record TextTable(List<String> header, List<List<String>> rows, Set<Integer> rightAligned) {
    public TextTable {
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            List<String> cells = new ArrayList<>(r);
            while (cells.size() < header.size()) {
                cells.add("");
            }
            copy.add(cells);
        }
        rows = List.copyOf(copy);
        rightAligned = Set.copyOf(rightAligned);
    }

    /**
     * Rows become columns: the first column's values become the new header (after
     * {@code corner}), every other column becomes a row led by its header. For tables with
     * many parameters and few rows, which would otherwise be squeezed unreadably narrow.
     */
    public TextTable transposed(String corner) {
        List<String> newHeader = new ArrayList<>();
        newHeader.add(corner);
        rows.forEach(r -> newHeader.add(r.get(0)));
        List<List<String>> newRows = new ArrayList<>();
        for (int c = 1; c < header.size(); c++) {
            List<String> row = new ArrayList<>();
            row.add(header.get(c));
            for (List<String> r : rows) {
                row.add(r.get(c));
            }
            newRows.add(row);
        }
        Set<Integer> right = new HashSet<>();
        for (int c = 1; c < newHeader.size(); c++) {
            right.add(c);
        }
        return new TextTable(newHeader, newRows, right);
    }
}
