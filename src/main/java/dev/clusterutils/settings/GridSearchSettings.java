package dev.clusterutils.settings;

import dev.clusterutils.space.GridEntry;
import java.util.List;

/**
 * Keys of grid_search mode. {@code samples} null or 0 means the full Cartesian grid;
 * {@code earlyStopping} is null unless {@code kill_bad_jobs_early} is true.
 */
public record GridSearchSettings(
        List<GridEntry> hyperparamList,
        int restarts,
        Integer samples,
        boolean loadExistingResults,
        Boolean localRun,
        EarlyStoppingSettings earlyStopping) {
}
