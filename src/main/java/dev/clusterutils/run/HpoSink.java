package dev.clusterutils.run;

import dev.clusterutils.results.HpoResults;
import dev.clusterutils.results.ResultSink;
import java.util.Map;

/** hp_optimization's post-iteration work: tables, then best-job copies and working-dir removal. */
final class HpoSink implements ResultSink {
    private final HpoResults tables;
    private final BestJobs bestJobs;

    HpoSink(HpoResults tables, BestJobs bestJobs) {
        this.tables = tables;
        this.bestJobs = bestJobs;
    }

    HpoResults tables() {
        return tables;
    }

    @Override
    public void succeeded(long jobId, int iteration, Map<String, Object> flatParams, Map<String, Object> metrics) {
        tables.succeeded(jobId, iteration, flatParams, metrics);
    }

    @Override
    public void checkpoint(boolean force) {
        if (force) {
            tables.checkpoint(true);
            bestJobs.update(tables);
        }
    }

    @Override
    public void finish() {
        tables.finish();
        bestJobs.update(tables);
    }
}
