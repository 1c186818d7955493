package dev.clusterutils.run;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.results.ResultSink;
import dev.clusterutils.workspace.GitInfo;

/**
 * The coordinator step's answer, kept by the {@link RunContext} for the rest of the run: everything
 * the prepare stage made, the coordinator ({@link Run}) last. {@code optimizer} is null for a grid
 * search.
 */
record PreparedRun(GitInfo git, Backend backend, MessageChannel channel, Run run, ResultSink results, ReportHook report,
                   OptimizerStage optimizer) implements Preparation {
}
