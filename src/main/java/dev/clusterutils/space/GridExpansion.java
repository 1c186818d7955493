package dev.clusterutils.space;

import dev.clusterutils.value.NestedMaps;
import dev.clusterutils.value.PyTuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The job order of a grid search, computed point by point so that a grid of a million points
 * costs nothing until its jobs are created. Point {@code i} is decoded from its index (mixed
 * radix, last entry fastest, as {@code itertools.product}); restarts repeat the whole list.
 * In sampling mode every point draws each entry uniformly with replacement from a generator
 * seeded by (run seed, index), so a resumed run recreates exactly the same points.
 */
public final class GridExpansion {
    private final List<GridEntry> entries;
    private final int restarts;
    private final long pointsPerRestart;
    private final boolean sampling;
    private final long seed;

    public GridExpansion(List<GridEntry> entries, int restarts, Integer samples, long seed) {
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be at least 1");
        }
        this.entries = List.copyOf(entries);
        this.restarts = restarts;
        this.sampling = samples != null && samples > 0;
        this.seed = seed;
        if (sampling) {
            pointsPerRestart = samples;
        } else {
            long n = 1;
            for (GridEntry e : entries) {
                n = Math.multiplyExact(n, e.values().size());
            }
            pointsPerRestart = n;
        }
    }

    /** Number of jobs: restarts x (grid size or samples). */
    public long size() {
        return Math.multiplyExact(pointsPerRestart, restarts);
    }

    public long pointsPerRestart() {
        return pointsPerRestart;
    }

    public int restarts() {
        return restarts;
    }

    public GridPoint point(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        int restart = (int) (index / pointsPerRestart);
        long within = index % pointsPerRestart;
        int[] choice = new int[entries.size()];
        if (sampling) {
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
            for (int i = 0; i < choice.length; i++) {
                choice[i] = rng.nextInt(entries.get(i).values().size());
            }
        } else {
            long rest = within;
            for (int i = choice.length - 1; i >= 0; i--) {
                int n = entries.get(i).values().size();
                choice[i] = (int) (rest % n);
                rest /= n;
            }
        }
        Map<String, Object> nested = new LinkedHashMap<>();
        for (int i = 0; i < choice.length; i++) {
            GridEntry entry = entries.get(i);
            Object value = entry.values().get(choice[i]);
            if (entry.zipped()) {
                PyTuple tuple = (PyTuple) value;
                for (int k = 0; k < entry.names().size(); k++) {
                    NestedMaps.putDotted(nested, entry.names().get(k), tuple.get(k));
                }
            } else {
                NestedMaps.putDotted(nested, entry.names().get(0), value);
            }
        }
        return new GridPoint(index, restart, nested);
    }

    /** The varied parameter names, flattened, in hyperparameter order (zipped names each on their own). */
    public List<String> parameterNames() {
        return entries.stream().flatMap(e -> e.names().stream()).toList();
    }
}
