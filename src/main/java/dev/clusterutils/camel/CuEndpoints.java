package dev.clusterutils.camel;

import java.util.Map;

/**
 * The pipeline's endpoints. Each stage is one route whose id is the endpoint's name, so a host
 * can exclude a route by id and consume the same endpoint with its own.
 *
 * <p>Seda refuses two references to one queue with different sizes, so the three big queues are
 * always named with their options. Routes do not spell them: they write the property placeholders
 * of {@link #URI_PROPERTIES} ({@code {{cu.uri.events}}} and so on), which every way of starting
 * the pipeline defines and nobody may define otherwise.
 */
public final class CuEndpoints {
    /**
     * Body: a {@link dev.clusterutils.run.RunRequest}, a settings file ({@code Path}, {@code File} or a
     * path String), a settings tree ({@code Map}) or {@link dev.clusterutils.settings.RunSettings};
     * see {@link CuHeaders}. Replies with {@link RunStarted} (or {@link RunCompleted} when the run
     * could not get going) and the run's id in {@link CuHeaders#RUN_ID}; settings problems come back
     * as a {@link dev.clusterutils.settings.SettingsException}.
     */
    public static final String START = "direct:cu-start";
    /**
     * The code the jobs run. Body: a {@link dev.clusterutils.workspace.Checkout} (immutable: git url,
     * branch, commit, depth; the working copy; the project dir to fill); header {@link CuHeaders#RUN_ID}.
     * Replies with a {@link dev.clusterutils.workspace.GitInfo} (what the code is, for metadata.json).
     * An exception ends the run before any job: outcome NOT_STARTED, exit code 2, its message.
     */
    public static final String CHECKOUT = "direct:cu-checkout";
    /** The checkout stage's own exec endpoint: git commands (clone, fetch, checkout, describe). */
    public static final String GIT = "exec:cu-git";
    /** Body: the run's {@link dev.clusterutils.run.RunContext}; project dir, backend, listener. */
    public static final String PREPARE = "direct:cu-prepare";
    /** Body: a {@link dev.clusterutils.run.RunEvent}; exactly one consumer so a run sees one thread. */
    public static final String EVENTS = "seda:cu-events?size=1000000&blockWhenFull=true";
    /**
     * Every job message on its way to its run. Body: a {@link dev.clusterutils.protocol.JobMessage}
     * (or a raw datagram, {@code byte[]}); headers {@link CuHeaders#RUN_ID} and, when the job is live,
     * {@link CuHeaders#JOB_ID} (the job's sequential id). A host may send messages here too.
     */
    public static final String MESSAGES = "seda:cu-messages?size=1000000&blockWhenFull=true";
    /** Body: {@link dev.clusterutils.run.Action.Submit}. */
    public static final String SUBMIT = "seda:cu-submit?size=1000000&blockWhenFull=true";
    /** Body: {@link dev.clusterutils.run.Action.Cancel}. */
    public static final String CANCEL = "direct:cu-cancel";
    /**
     * Body: {@link dev.clusterutils.run.Action.CancelAll}: jobs of the run's own backend cancelled in one
     * call; a failure is named in the run's outcome.
     */
    public static final String CANCEL_ALL = "direct:cu-cancel-all";
    /** Body: {@link dev.clusterutils.run.Action.Forget}: a job that ended; the backend and the token map let go of it. */
    public static final String FORGET = "direct:cu-forget";
    /** Body: {@link dev.clusterutils.run.Action.Poll}. */
    public static final String POLL = "seda:cu-poll";
    /**
     * The optimizer stage, asked for proposals. Body: {@link dev.clusterutils.run.Action.Ask}; header
     * {@link CuHeaders#RUN_ID}. Answers, on {@link #EVENTS}, one {@link dev.clusterutils.run.RunEvent.Asked}.
     * An exception, or no answer within {@code cu.stage-timeout}, ends the run (ABORTED, jobs cancelled).
     */
    public static final String ASK = "seda:cu-ask";
    /**
     * The optimizer stage, told what finished jobs achieved. Body: {@link dev.clusterutils.run.Action.Tell};
     * header {@link CuHeaders#RUN_ID}. Answers, on {@link #EVENTS}, one {@link dev.clusterutils.run.RunEvent.Told}.
     * An exception, or no answer within {@code cu.stage-timeout}, ends the run (ABORTED, jobs cancelled).
     */
    public static final String TELL = "seda:cu-tell";
    /** Body: {@link dev.clusterutils.run.Action.Finish}. */
    public static final String FINISH = "direct:cu-finish";
    /**
     * Scheduler commands (sbatch, squeue, condor_q ...) through camel-exec; the executable, arguments,
     * working dir and timeout are set per call in the {@code CamelExecCommand*} headers.
     */
    public static final String COMMAND = "exec:cu-scheduler-command";
    /** Body: {@link dev.clusterutils.camel.RunCompleted}; published after a run ended, for hosts to consume. */
    public static final String COMPLETED = "seda:cu-completed";
    /**
     * How to subscribe to {@link #COMPLETED}: every consumer uses exactly this URI, so each one gets
     * every completion (publish-subscribe) instead of competing for them.
     */
    public static final String COMPLETED_SUBSCRIPTION = "seda:cu-completed?multipleConsumers=true";
    /**
     * Request-reply. With {@link CuHeaders#RUN_ID}: that run's {@link RunProgress} (null when it is not live);
     * without: a {@code List<RunProgress>} of every live run.
     */
    public static final String STATUS = "direct:cu-status";
    /** Stops the run named by {@link CuHeaders#RUN_ID} (every live run without it): jobs cancelled, tables written. */
    public static final String STOP = "direct:cu-stop";

    /** The placeholders routes use for the queues whose options must match everywhere, and their values. */
    public static final Map<String, String> URI_PROPERTIES = Map.of(
            "cu.uri.events", EVENTS,
            "cu.uri.messages", MESSAGES,
            "cu.uri.submit", SUBMIT);

    private CuEndpoints() {
    }
}
