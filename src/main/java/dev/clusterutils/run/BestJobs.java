package dev.clusterutils.run;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.HpoResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps copies of the working dirs of the best N single runs in {@code best_jobs/}, and removes
 * working dirs once copied when {@code remove_working_dirs} is set. Each working dir is removed
 * once (the original deleted every earlier one again each iteration, with sleeps). In a
 * multi-objective run there is no single best: the whole Pareto front is kept (at least N jobs,
 * more when the front is larger).
 */
public final class BestJobs {
    private final RunLayout layout;
    private final int keep;
    private final boolean removeWorkingDirs;
    private final Set<Long> removed = new HashSet<>();
    private final RunLog log;

    public BestJobs(RunLayout layout, int keep, boolean removeWorkingDirs, RunLog log) {
        this.layout = layout;
        this.keep = keep;
        this.removeWorkingDirs = removeWorkingDirs;
        this.log = log;
    }

    public void update(HpoResults results) {
        List<HpoResults.Row> sorted = results.sortedRows();
        int n = keep > 0 && results.objectives().isMulti() ? Math.max(keep, results.frontRows().size()) : keep;
        try {
            if (n > 0 && !sorted.isEmpty()) {
                Set<String> wanted = new HashSet<>();
                for (HpoResults.Row r : sorted.subList(0, Math.min(n, sorted.size()))) {
                    Path target = layout.bestJob(r.jobId());
                    wanted.add(target.getFileName().toString());
                    Path source = layout.workingDir(r.jobId());
                    if (!Files.exists(target) && Files.isDirectory(source)) {
                        FileTrees.copy(source, target);
                    }
                }
                if (Files.isDirectory(layout.bestJobs())) {
                    try (Stream<Path> s = Files.list(layout.bestJobs())) {
                        for (Path p : (Iterable<Path>) s::iterator) {
                            if (Files.isDirectory(p) && !wanted.contains(p.getFileName().toString())) {
                                FileTrees.delete(p);
                            }
                        }
                    }
                }
                log.info("Best jobs in directory " + layout.bestJobs() + " updated.");
            }
            if (removeWorkingDirs) {
                for (HpoResults.Row r : sorted) {
                    if (removed.add(r.jobId())) {
                        FileTrees.delete(layout.workingDir(r.jobId()));
                    }
                }
            }
        } catch (IOException e) {
            log.warning("Could not update " + layout.bestJobs() + ": " + e.getMessage());
        }
    }
}
