package dev.clusterutils.run;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.layout.RunLayout;
import java.io.IOException;
import java.util.BitSet;

/**
 * The end of a run, whatever ended it: last table writes, metadata, cleanup of the jobs dir and
 * working dirs as the settings ask, backend and listener closed (which stops any job still
 * running), and the outcome handed to whoever waits for it.
 */
public final class RunFinisher {
    private RunFinisher() {
    }

    public static void finish(RunContext ctx, RunOutcome outcome) {
        finish(ctx, outcome, ctx.preparation());
    }

    /** {@code reached}: what the prepare stage made (all of it, a part when it failed, null before it). */
    private static void finish(RunContext ctx, RunOutcome outcome, Preparation reached) {
        PreparedRun parts = reached instanceof PreparedRun p ? p : null;
        try {
            if (reached != null) {
                reached.release();
            }
            if (parts != null) {
                parts.results().finish();
            }
            RunFactory.metadata(ctx, reached, outcome).write(ctx.layout.metadata());
            if (parts != null) {
                // the report reads the journal: everything the run wrote must be on disk first
                ctx.journal.flush();
                parts.report().finish();
            }
            Backend backend = reached == null ? null : reached.backend();
            boolean dryRun = backend != null && "dryrun".equals(backend.kind());
            BitSet failedIds = parts == null ? new BitSet() : parts.run().failedIds();
            if (ctx.settings.removeJobsDir() && !dryRun && failedIds.isEmpty()) {
                FileTrees.delete(ctx.layout.jobsDir());
            } else if (ctx.settings.removeJobsDir() && !dryRun) {
                // a failed job's log is what its user needs next: kept, the rest removed as asked
                FileTrees.deleteExcept(ctx.layout.jobsDir(), p -> {
                    long id = RunLayout.jobIdOf(p);
                    return id >= 0 && id <= Integer.MAX_VALUE && failedIds.get((int) id);
                });
                ctx.log.info("Logs of the " + failedIds.cardinality() + " failed jobs are kept in " + ctx.layout.jobsDir()
                        + "; the others were removed (remove_jobs_dir)");
            } else {
                ctx.log.info("Output/logs of individual jobs are kept in " + ctx.layout.jobsDir());
            }
            if (ctx.settings.removeWorkingDirs() && outcome.status() == RunOutcome.Status.FINISHED) {
                FileTrees.delete(ctx.layout.workingDirs());
            }
            if (ctx.layout.projectDir() != null && ctx.settings.git().removeLocalCopy()
                    && outcome.status() == RunOutcome.Status.FINISHED) {
                ctx.log.info("Remove local git clone in " + ctx.layout.projectDir() + " ... ");
                FileTrees.delete(ctx.layout.projectDir());
            }
            ctx.log.info("Results are stored in " + ctx.layout.resultsDir());
        } catch (IOException | RuntimeException e) {
            ctx.log.error("Cleanup failed: " + e);
            outcome = new RunOutcome(outcome.status(), outcome.message() + " (cleanup failed: " + e.getMessage() + ")",
                    outcome.succeeded(), outcome.failed());
        } finally {
            try {
                ctx.journal.close();
                ctx.log.close();
            } catch (IOException ignored) {
                // nothing left to report it to
            }
            ctx.outcome.complete(outcome);
        }
    }

    /** The checkout stage failed: the run ends before any job, with the stage's message (exit code 2). */
    public static void notStarted(RunContext ctx, String message) {
        ctx.log.error("Run could not start: " + message);
        finish(ctx, new RunOutcome(RunOutcome.Status.NOT_STARTED, message, 0, 0), null);
    }

    /**
     * Another step of the prepare stage failed, having been given {@code reached} (null: nothing the
     * run must close yet): the run ends before any job, ABORTED with the cause's message; what start
     * and the steps made is released.
     */
    public static void failed(RunContext ctx, Throwable cause, Preparation reached) {
        ctx.log.error("Run could not start: " + cause.getMessage());
        finish(ctx, new RunOutcome(RunOutcome.Status.ABORTED, cause.getMessage(), 0, 0), reached);
    }

    /** The coordinator failed after the run began: its jobs are stopped by closing what the run made. */
    public static void failed(RunContext ctx, Throwable cause) {
        ctx.log.error("Run failed: " + cause.getMessage());
        finish(ctx, new RunOutcome(RunOutcome.Status.ABORTED, cause.getMessage(), 0, 0), ctx.preparation());
    }
}
