package dev.clusterutils.results;

import java.util.Map;

/** Where finished jobs' rows go: the run's CSV tables. */
public interface ResultSink {
    /** A job with results: its flattened parameter dict (incl. working_dir and id) and its metrics. */
    void succeeded(long jobId, int iteration, Map<String, Object> flatParams, Map<String, Object> metrics);

    /** A good moment to bring derived tables up to date (cheap to call often: implementations debounce). */
    void checkpoint(boolean force);

    /** The run is over: final ordering, last writes, close files. */
    void finish();
}
