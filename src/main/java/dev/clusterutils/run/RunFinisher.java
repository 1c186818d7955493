package dev.clusterutils.run;

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
        try {
            if (ctx.backend != null) {
                ctx.backend.close();
            }
            if (ctx.channel != null) {
                ctx.channel.close();
            }
            if (ctx.results != null) {
                ctx.results.finish();
            }
            RunFactory.metadata(ctx, outcome).write(ctx.layout.metadata());
            if (ctx.report != null) {
                // the report reads the journal: everything the run wrote must be on disk first
                ctx.journal.flush();
                ctx.report.finish();
            }
            boolean dryRun = ctx.backend != null && "dryrun".equals(ctx.backend.kind());
            BitSet failedIds = ctx.run == null ? new BitSet() : ctx.run.failedIds();
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
        finish(ctx, new RunOutcome(RunOutcome.Status.NOT_STARTED, message, 0, 0));
    }

    /** A run that could not get going (prepare failed): release what start made and report the reason. */
    public static void failed(RunContext ctx, Throwable cause) {
        ctx.log.error("Run could not start: " + cause.getMessage());
        finish(ctx, new RunOutcome(RunOutcome.Status.ABORTED, cause.getMessage(), 0, 0));
    }
}
