package dev.clusterutils.run;

import dev.clusterutils.space.GridExpansion;
import dev.clusterutils.space.GridPoint;
import java.util.Map;

/** Grid search: the points of the grid in job-id order, iteration = restart index. */
public final class GridPlanner implements Planner {
    private final GridExpansion grid;
    private long next;

    public GridPlanner(GridExpansion grid) {
        this(grid, 0);
    }

    /** Continues after the first {@code alreadyCreated} points (resume). */
    public GridPlanner(GridExpansion grid, long alreadyCreated) {
        this.grid = grid;
        this.next = alreadyCreated;
    }

    @Override
    public long total() {
        return grid.size();
    }

    @Override
    public boolean exhausted() {
        return next >= grid.size();
    }

    @Override
    public PlannedJob next(long jobId, RunView view) {
        if (exhausted()) {
            return null;
        }
        GridPoint p = grid.point(next++);
        return new PlannedJob(p.values(), p.restart());
    }

    @Override
    public void restore(long jobId, Map<String, Object> params, Map<String, Object> metrics, boolean finished) {
        // grid points are created in id order: the next one is after the last the journal holds
        next = Math.max(next, jobId + 1);
    }

    @Override
    public void finished(long jobId, Map<String, Object> params, Map<String, Object> metrics) {
        // a grid does not learn
    }
}
