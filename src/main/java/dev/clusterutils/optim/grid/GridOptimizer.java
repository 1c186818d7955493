package dev.clusterutils.optim.grid;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.optim.ProposalLedger;
import dev.clusterutils.optim.SettingsSchema;
import dev.clusterutils.optim.SettingsSchema.Key;
import dev.clusterutils.optim.SettingsSchema.Type;
import dev.clusterutils.space.ParamSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gridsearch} as an hp_optimization optimiser. The original could not run in this mode
 * (11.2 #16: it crashed at construction, ignored tells and could not be saved); this one hands out
 * the Cartesian product of the {@link GridAxis axes} in {@code optimized_params} order, the last
 * parameter varying fastest like {@code itertools.product}, the whole grid {@code restarts} times in
 * a row, and is exhausted afterwards. Outcomes teach it nothing; it is a grid.
 *
 * <p>Replay: an outcome (or restored pending proposal) of a proposal this instance did not issue is
 * matched to its grid point by value and credited, so that the point is skipped once in the
 * remaining sequence; a failed job also uses its point up, as a failed job counts as completed.
 */
public final class GridOptimizer implements Optimizer {

    public static final String NAME = "gridsearch";
    public static final Key RESTARTS = Key.optional("restarts", Type.INT, 1L).atLeast(1);
    public static final Key POINTS_PER_PARAM = Key.optional("points_per_param", Type.INT, 5L).atLeast(1);
    public static final SettingsSchema SETTINGS = new SettingsSchema(NAME, List.of(RESTARTS, POINTS_PER_PARAM));

    private final List<GridAxis> axes = new ArrayList<>();
    private final long gridSize;
    private final long total;
    private final ProposalLedger<Void> ledger = new ProposalLedger<>();
    /** Grid points already used by proposals of an earlier instance, still to be skipped. */
    private final Map<Long, Integer> credits = new HashMap<>();
    private long cursor;

    public GridOptimizer(List<ParamSpec> space, int restarts, int pointsPerParam) {
        if (restarts < 1 || pointsPerParam < 1) {
            throw new IllegalArgumentException("restarts and points_per_param must be >= 1");
        }
        long size = 1;
        for (ParamSpec p : space) {
            GridAxis axis = GridAxis.of(p, pointsPerParam);
            axes.add(axis);
            try {
                size = Math.multiplyExact(size, axis.size());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the grid has more than 2^63 points", e);
            }
        }
        this.gridSize = size;
        try {
            this.total = Math.multiplyExact(size, restarts);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the grid times restarts exceeds 2^63 points", e);
        }
    }

    public static GridOptimizer fromSettings(Map<String, Object> settings, List<ParamSpec> space) {
        return new GridOptimizer(space, SettingsSchema.intValue(settings, RESTARTS),
                SettingsSchema.intValue(settings, POINTS_PER_PARAM));
    }

    /** Number of points in one pass over the grid. */
    public long gridSize() {
        return gridSize;
    }

    @Override
    public List<Proposal> ask(int max) {
        ProposalLedger.checkMax(max);
        List<Proposal> out = new ArrayList<>();
        while (out.size() < max && skipCredited()) {
            out.add(ledger.issue(point(cursor % gridSize), null));
            cursor++;
        }
        return out;
    }

    /** Moves the cursor past points used up by earlier instances; true if a point remains. */
    private boolean skipCredited() {
        while (cursor < total) {
            long index = cursor % gridSize;
            Integer c = credits.get(index);
            if (c == null) {
                return true;
            }
            if (c == 1) {
                credits.remove(index);
            } else {
                credits.put(index, c - 1);
            }
            cursor++;
        }
        return false;
    }

    private Map<String, Object> point(long index) {
        Object[] vals = new Object[axes.size()];
        long rest = index;
        for (int i = axes.size() - 1; i >= 0; i--) { // last axis varies fastest
            GridAxis a = axes.get(i);
            vals[i] = a.values().get((int) (rest % a.size()));
            rest /= a.size();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < axes.size(); i++) {
            values.put(axes.get(i).spec().param(), vals[i]);
        }
        return values;
    }

    /** Grid index of a values map, or -1 when it is not a grid point. */
    private long indexOf(Map<String, Object> values) {
        long index = 0;
        for (GridAxis a : axes) {
            int i = a.indexOf(values.get(a.spec().param()));
            if (i < 0) {
                return -1;
            }
            index = index * a.size() + i;
        }
        return index;
    }

    @Override
    public void tell(Outcome outcome) {
        ProposalLedger.Resolved<Void> r = ledger.resolve(outcome);
        if (r != null && !r.known()) {
            credit(r.values());
        }
    }

    @Override
    public void restorePending(Proposal proposal) {
        if (ledger.restore(proposal, null)) {
            credit(proposal.values());
        }
    }

    private void credit(Map<String, Object> values) {
        long index = indexOf(values);
        if (index >= 0) {
            credits.merge(index, 1, Integer::sum);
        }
    }

    @Override
    public boolean isExhausted() {
        return !skipCredited();
    }
}
