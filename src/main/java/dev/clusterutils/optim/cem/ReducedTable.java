package dev.clusterutils.optim.cem;

import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The optimiser's view of the reduced table (spec 4.2): one row per distinct parameter setting with
 * the mean loss over its runs, kept sorted so that the elite is read off the front in O(k log n).
 * Ties keep the order in which settings first appeared (the original's sort was not stable; any
 * order is faithful, this one is deterministic).
 */
final class ReducedTable {

    /** One distinct setting: the values of its first run and the running mean of its losses. */
    static final class Row {
        final long order;
        final Map<String, Object> values;
        double lossSum;
        int runs;

        Row(long order, Map<String, Object> values) {
            this.order = order;
            this.values = values;
        }

        double meanLoss() {
            return lossSum / runs;
        }

        int runs() {
            return runs;
        }

        Map<String, Object> values() {
            return values;
        }
    }

    private static final Comparator<Row> BY_MEAN_LOSS =
            Comparator.comparingDouble(Row::meanLoss).thenComparingLong(r -> r.order);

    private final List<ParamSpec> space;
    private final Map<List<Object>, Row> rows = new HashMap<>();
    private final TreeSet<Row> sorted = new TreeSet<>(BY_MEAN_LOSS);
    private long nextOrder;

    ReducedTable(List<ParamSpec> space) {
        this.space = space;
    }

    /** Adds one run; false (and nothing stored) when a parameter value is missing, as pandas' groupby drops it. */
    boolean add(Map<String, Object> values, double loss) {
        List<Object> key = new ArrayList<>(space.size());
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (ParamSpec p : space) {
            Object v = values.get(p.param());
            if (v == null) {
                return false;
            }
            key.add(PyValues.hashKey(v));
            ordered.put(p.param(), v);
        }
        Row row = rows.get(key);
        if (row == null) {
            row = new Row(nextOrder++, ordered);
            rows.put(key, row);
        } else {
            sorted.remove(row); // its position depends on the mean that is about to change
        }
        row.lossSum += loss;
        row.runs++;
        sorted.add(row);
        return true;
    }

    int size() {
        return rows.size();
    }

    /** The best {@code k} rows, best first. */
    List<Row> top(int k) {
        List<Row> out = new ArrayList<>(Math.min(k, sorted.size()));
        Iterator<Row> it = sorted.iterator();
        while (out.size() < k && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }
}
