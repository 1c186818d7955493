package dev.clusterutils.run;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.results.ResultSink;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.workspace.GitInfo;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Everything one run owns while it is alive; built by {@link RunFactory}, released by {@link RunFinisher}. */
public final class RunContext {
    public final String id;
    public final RunSettings settings;
    public final RunOptions options;
    public final RunLayout layout;
    public final Journal journal;
    public final RunLog log;
    public final LocalDateTime startTime;
    public final long seed;
    public final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
    /** Token to job id of the live jobs, for the message stage. */
    public final JobTokens tokens = new JobTokens();

    // set by prepare
    volatile Backend backend;
    volatile MessageChannel channel;
    volatile Run run;
    volatile ResultSink results;
    volatile Path mainPath;
    volatile GitInfo git;
    volatile ReportHook report;
    /** The built-in answer of the optimizer stage (hp_optimization only). */
    volatile OptimizerStage optimizer;
    /** The commit an earlier process of this run used, so a resumed run runs the same code. */
    volatile String previousCommit;
    /** The journal of the earlier server process when resuming, else empty. */
    volatile List<JournalEvent> previous = List.of();

    RunContext(String id, RunSettings settings, RunOptions options, RunLayout layout, Journal journal, RunLog log,
               LocalDateTime startTime, long seed) {
        this.id = id;
        this.settings = settings;
        this.options = options;
        this.layout = layout;
        this.journal = journal;
        this.log = log;
        this.startTime = startTime;
        this.seed = seed;
    }

    public Run run() {
        return run;
    }

    public Backend backend() {
        return backend;
    }

    public MessageChannel channel() {
        return channel;
    }

    /** The run's built-in optimizer, for the default cu-ask and cu-tell routes; null for a grid search. */
    public OptimizerStage optimizer() {
        return optimizer;
    }

    /** What code the jobs run; null until the prepare stage has run. */
    public GitInfo git() {
        return git;
    }

    /** Null until the prepare stage has run. */
    public RunStatus status() {
        Run r = run;
        return r == null ? null : r.status();
    }
}
