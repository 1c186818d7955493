package dev.clusterutils.run;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.workspace.GitInfo;
import dev.clusterutils.workspace.PythonClient;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything one run owns while it is alive; built by {@link RunFactory#start}, completed once by
 * the prepare stage's last step ({@link PreparedRun}), released by {@link RunFinisher}.
 */
public final class RunContext {
    public final String id;
    public final RunSettings settings;
    public final RunOptions options;
    public final RunLayout layout;
    public final Journal journal;
    public final RunLog log;
    public final LocalDateTime startTime;
    public final long seed;
    /** The journal of the earlier server process when resuming, else empty. */
    final List<JournalEvent> previous;
    /** The commit an earlier process of this run used, so a resumed run runs the same code; null if none. */
    final String previousCommit;
    /**
     * The import probe of the bundled client, started with the run when the jobs run the working
     * copy (a Python starts while git is asked about the code); null otherwise.
     */
    final CompletableFuture<PythonClient.Probe> earlyProbe;
    public final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
    /**
     * Completed once the run's end has been announced, after its outcome (the Camel edge publishes
     * RunCompleted): whoever stops Camel after a run waits for it, so the announcement is not left
     * in a queue for Camel's shutdown to wait on.
     */
    public final CompletableFuture<Void> announced = new CompletableFuture<>();
    /**
     * The deletion of the results a fresh start replaced, going on beside the run
     * ({@link OldResults#deleteAside}); completed at once when there were none. A process about to
     * exit waits for it, so that no half-deleted copy is left behind.
     */
    public final CompletableFuture<Void> oldResultsDeleted;
    /** Token to job id of the live jobs, for the message stage. */
    public final JobTokens tokens = new JobTokens();
    /** When this run reached each step to its first job (metadata.json's server_milestones_ms). */
    public final Milestones milestones = new Milestones();

    /** Written once, by the prepare stage's coordinator step; null while the run is being prepared. */
    private volatile PreparedRun prepared;

    RunContext(String id, RunSettings settings, RunOptions options, RunLayout layout, Journal journal, RunLog log,
               LocalDateTime startTime, long seed, List<JournalEvent> previous, String previousCommit,
               CompletableFuture<PythonClient.Probe> earlyProbe, CompletableFuture<Void> oldResultsDeleted) {
        this.id = id;
        this.settings = settings;
        this.options = options;
        this.layout = layout;
        this.journal = journal;
        this.log = log;
        this.startTime = startTime;
        this.seed = seed;
        this.previous = List.copyOf(previous);
        this.previousCommit = previousCommit;
        this.earlyProbe = earlyProbe;
        this.oldResultsDeleted = oldResultsDeleted;
    }

    void prepared(PreparedRun parts) {
        if (prepared != null) {
            throw new IllegalStateException("run " + id + " was prepared already");
        }
        prepared = parts;
    }

    /** What the prepare stage made; null until it has run. */
    Preparation preparation() {
        return prepared;
    }

    public Run run() {
        PreparedRun p = prepared;
        return p == null ? null : p.run();
    }

    public Backend backend() {
        PreparedRun p = prepared;
        return p == null ? null : p.backend();
    }

    public MessageChannel channel() {
        PreparedRun p = prepared;
        return p == null ? null : p.channel();
    }

    /** The run's built-in optimizer, for the default cu-ask and cu-tell routes; null for a grid search. */
    public OptimizerStage optimizer() {
        PreparedRun p = prepared;
        return p == null ? null : p.optimizer();
    }

    /** What code the jobs run; null until the prepare stage has run. */
    public GitInfo git() {
        PreparedRun p = prepared;
        return p == null ? null : p.git();
    }

    /** Null until the prepare stage has run. */
    public RunStatus status() {
        Run r = run();
        return r == null ? null : r.status();
    }
}
