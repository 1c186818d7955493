package dev.clusterutils.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The tables of a grid search: {@code all_data.csv} grows row by row, {@code reduced_data.csv}
 * (means over restarts) is rewritten at most every few seconds and at the end.
 */
public final class GridResults implements ResultSink {
    private static final long REDUCED_EVERY_MILLIS = 5_000;

    private final AllDataCsv allData;
    private final ReducedData reduced;
    private final Path reducedFile;
    private final LongSupplier clock;
    private long lastReducedWrite;
    private boolean reducedDirty;

    public GridResults(Path allDataFile, Path reducedFile, List<String> gridParameterNames, LongSupplier clock) {
        this(new AllDataCsv(allDataFile), reducedFile, gridParameterNames, clock);
    }

    public GridResults(AllDataCsv allData, Path reducedFile, List<String> gridParameterNames, LongSupplier clock) {
        this.allData = allData;
        this.reduced = new ReducedData(gridParameterNames);
        this.reducedFile = reducedFile;
        this.clock = clock;
        this.lastReducedWrite = clock.getAsLong();
    }

    @Override
    public void succeeded(long jobId, int iteration, Map<String, Object> flatParams, Map<String, Object> metrics) {
        try {
            allData.append(AllDataCsv.row(flatParams, jobId, metrics));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + e.getMessage(), e);
        }
        reduced.add(jobId, flatParams, metrics);
        reducedDirty = true;
    }

    @Override
    public void checkpoint(boolean force) {
        long now = clock.getAsLong();
        if (reducedDirty && (force || now - lastReducedWrite >= REDUCED_EVERY_MILLIS)) {
            try {
                reduced.write(reducedFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            reducedDirty = false;
            lastReducedWrite = now;
        }
    }

    @Override
    public void finish() {
        try {
            allData.finish("_id");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (reduced.size() > 0) {
            reducedDirty = true;
            checkpoint(true);
        }
    }
}
