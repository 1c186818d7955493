package dev.clusterutils.run;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobSpecFactory;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.protocol.JobMessage;
import dev.clusterutils.protocol.MetricsCsv;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.results.ResultSink;
import dev.clusterutils.run.stopping.EarlyStopping;
import dev.clusterutils.run.stopping.Verdict;
import dev.clusterutils.value.NestedMaps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The coordinator of one run. Every event reaches {@link #on} on a single thread, which decides
 * what happens next and returns it as actions; nothing here blocks on a backend or the network.
 * The journal line for an event is written before {@code on} returns.
 */
public final class Run {
    /** How long a job that ended, or announced its end, may take to deliver results it sent. */
    static final long RESULT_GRACE_MILLIS = 2_000;
    static final long CONCLUDED_GRACE_MILLIS = 5_000;
    /**
     * A job that exits for resume this many times in a row, each time within
     * {@link #QUICK_RESUME_MILLIS} of its submission, makes no progress and fails; a checkpointed
     * job that runs longer between its resumes is resubmitted for as long as it asks.
     */
    static final int QUICK_RESUME_LIMIT = 10;
    static final long QUICK_RESUME_MILLIS = 5_000;
    /** Tokens of finished jobs remembered to tell their late datagrams from forged or foreign ones. */
    private static final int RETIRED_TOKENS = 100_000;
    private static final int STDERR_TAIL_BYTES = 16 * 1024;

    /** What the interactive prompt can ask of a run. */
    public static final String COMMANDS = "list_jobs, list_running_jobs, list_successful_jobs, list_idle_jobs, show_job N, "
            + "stop_remaining_jobs";

    private final String name;
    private final Planner planner;
    private final JobSpecFactory specs;
    private final Journal journal;
    private final ResultSink results;
    private final RunLog log;
    private final RunLayout layout;
    private final Map<String, Object> fixedParams;
    private final MetricsFallback metricsFallback;
    private final LongSupplier clock;
    private final Options options;
    private final SecureRandom tokens = new SecureRandom();

    private final Map<Long, Job> active = new LinkedHashMap<>();
    private final Map<Long, Job> byToken = new HashMap<>();
    private final Map<JobHandle, Job> byHandle = new HashMap<>();
    private final ArrayDeque<Job> resubmit = new ArrayDeque<>();
    private final List<Job> graceJobs = new ArrayList<>();
    /** Ids of finished jobs, one bit each: enough to answer the prompt's lists at any scale. */
    private final BitSet succeededIds = new BitSet();
    private final BitSet failedIds = new BitSet();
    /** Statuses pushed for a handle before its Submitted event arrived (a job faster than the event queue). */
    private final Map<JobHandle, JobStatus> early = new LinkedHashMap<>();

    private long nextId;
    private long created;
    private long submitted;
    private long running;
    private long succeeded;
    private long failed;
    private long notRun;
    private long rejectedMessages;
    private long lateMessages;
    private final Map<Long, Boolean> retiredTokens = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > RETIRED_TOKENS;
        }
    };
    private long lastPollMillis;
    private long startMillis = -1;
    private boolean ending;
    private volatile RunStatus status;
    private EarlyStopping earlyStopping;
    private ResultsDirWatch resultsDirWatch;
    private long lastResultsDirCheck;

    /**
     * @param maxInFlight   jobs kept submitted at once (the backend's {@code maxInFlight})
     * @param pollMillis    how often to poll the backend for the status of active jobs
     * @param failureMargin the original's abort rule: abort when failed > succeeded + running + margin
     * @param loadExisting  {@code load_existing_results}: a job whose working dir already has a
     *                      {@code metrics.csv} counts as done and is not run again
     * @param submitBatch   new jobs go to the backend in batches of up to this many (Slurm job arrays);
     *                      1 submits job by job
     */
    /**
     * @param processDecides the backend sees each job's process end and exit code (local): a job's
     *                       messages cannot end, fail or resume it, only its process can, and results
     *                       from a datagram count only if the job's own {@code metrics.csv} (in a
     *                       0700 results dir) agrees. Datagrams carry the job's token, which
     *                       {@code ps} shows to every local user: this keeps them from forging.
     */
    public record Options(int maxInFlight, long pollMillis, int failureMargin, boolean loadExisting, int submitBatch,
                          long hangAfterResultsMillis, boolean processDecides) {
        public Options(int maxInFlight, long pollMillis, int failureMargin, boolean loadExisting) {
            this(maxInFlight, pollMillis, failureMargin, loadExisting, 1, 60_000, false);
        }

        public Options(int maxInFlight, long pollMillis, int failureMargin, boolean loadExisting, int submitBatch) {
            this(maxInFlight, pollMillis, failureMargin, loadExisting, submitBatch, 60_000, false);
        }

        public Options(int maxInFlight, long pollMillis, int failureMargin, boolean loadExisting, int submitBatch,
                       long hangAfterResultsMillis) {
            this(maxInFlight, pollMillis, failureMargin, loadExisting, submitBatch, hangAfterResultsMillis, false);
        }

        public Options withProcessDecides(boolean on) {
            return new Options(maxInFlight, pollMillis, failureMargin, loadExisting, submitBatch, hangAfterResultsMillis, on);
        }
    }

    public Run(String name, Planner planner, JobSpecFactory specs, Journal journal, ResultSink results, RunLog log,
               RunLayout layout, Map<String, Object> fixedParams, MetricsFallback metricsFallback, LongSupplier clock,
               Options options) {
        this.name = name;
        this.planner = planner;
        this.specs = specs;
        this.journal = journal;
        this.results = results;
        this.log = log;
        this.layout = layout;
        this.fixedParams = fixedParams;
        this.metricsFallback = metricsFallback;
        this.clock = clock;
        this.options = options;
        publish();
    }

    public RunStatus status() {
        return status;
    }

    /** Turns on {@code kill_bad_jobs_early} with the rule of {@code early_killing_params}. */
    public void enableEarlyStopping(EarlyStopping policy) {
        this.earlyStopping = policy;
    }

    /** Ends the run as failed when the results dir disappears or can no longer be written (checked once a second). */
    public void watchResultsDir() throws IOException {
        this.resultsDirWatch = new ResultsDirWatch(layout.resultsDir(), journal.file());
    }

    /** Ids of the jobs that failed, this process's and, after a resume, the earlier ones'. */
    public BitSet failedIds() {
        return (BitSet) failedIds.clone();
    }

    public long rejectedMessages() {
        return rejectedMessages;
    }

    /** Datagrams of jobs that had already finished (a result sent twice, an end after a kill): benign, not forged. */
    public long lateMessages() {
        return lateMessages;
    }

    public List<Action> on(RunEvent event) {
        List<Action> actions = new ArrayList<>();
        if (ending) {
            return actions;
        }
        long now = clock.getAsLong();
        if (event instanceof RunEvent.Begin) {
            startMillis = now;
            lastPollMillis = now;
        } else if (event instanceof RunEvent.Tick) {
            onTick(now, actions);
        } else if (event instanceof RunEvent.Message m) {
            onMessage(m.message(), now, actions);
        } else if (event instanceof RunEvent.Submitted s) {
            onSubmitted(s, now, actions);
        } else if (event instanceof RunEvent.SubmitFailed f) {
            Job job = active.get(f.jobId());
            if (job != null) {
                fail(job, "submission failed: " + f.reason(), actions);
            }
        } else if (event instanceof RunEvent.Statuses s) {
            s.statuses().forEach((handle, st) -> onStatus(handle, st, now, actions));
        } else if (event instanceof RunEvent.PollFailed p) {
            log.warning("Could not query the backend, will retry: " + p.reason());
        } else if (event instanceof RunEvent.Command c) {
            c.reply().complete(command(c.name(), c.argument(), actions));
        } else if (event instanceof RunEvent.Interrupt) {
            end(RunOutcome.Status.INTERRUPTED, "Interrupted: all jobs were stopped.", actions);
        } else if (event instanceof RunEvent.Abort a) {
            end(RunOutcome.Status.ABORTED, a.reason(), actions);
        } else if (event instanceof RunEvent.Asked a) {
            planner.asked(a);
        } else if (event instanceof RunEvent.Told t) {
            planner.told(t);
        } else if (event instanceof RunEvent.MessageRejected r) {
            rejectedMessages++;
            log.warning("A job message was rejected: " + r.reason());
        }
        if (!ending && startMillis >= 0) {
            plan(now, actions);
            checkEnd(actions);
        }
        publish();
        journal.flush();
        log.flush();
        return actions;
    }

    // --- resume -------------------------------------------------------------------------------

    /**
     * Rebuilds the run from the journal of the server process that ran it before (call before
     * {@link RunEvent.Begin}). Every finished job counts once, with the results the journal holds;
     * a job still alive on the backend is followed again ({@code adopted}: job id to its new
     * handle); any other unfinished job has its {@code metrics.csv} read or runs again under the
     * same id, token and working dir.
     */
    public void restore(List<JournalEvent> events, Map<Long, JobHandle> adopted) {
        long now = clock.getAsLong();
        Map<Long, JournalEvent.JobCreated> jobs = new TreeMap<>();
        Map<Long, Map<String, Object>> results = new HashMap<>();
        Set<Long> failures = new HashSet<>();
        for (JournalEvent e : events) {
            if (e instanceof JournalEvent.JobCreated c) {
                jobs.put(c.id(), c);
            } else if (e instanceof JournalEvent.JobSucceeded c) {
                results.put(c.id(), c.metrics());
            } else if (e instanceof JournalEvent.JobFailed c) {
                failures.add(c.id());
            }
        }
        Map<Long, List<Double>> earlyValues = replayEarlyReports(events);
        List<Action> ignored = new ArrayList<>();
        for (JournalEvent.JobCreated c : jobs.values()) {
            nextId = Math.max(nextId, c.id() + 1);
            created++;
            Map<String, Object> metrics = results.get(c.id());
            if (metrics != null || failures.contains(c.id())) {
                retiredTokens.put(c.token(), Boolean.TRUE);
            }
            if (metrics != null) {
                planner.restore(c.id(), c.params(), metrics, true);
                this.results.succeeded(c.id(), c.iteration(), NestedMaps.flatten(c.params()), metrics);
                succeeded++;
                succeededIds.set((int) Math.min(c.id(), Integer.MAX_VALUE));
                continue;
            }
            if (failures.contains(c.id())) {
                planner.restore(c.id(), c.params(), null, true);
                failed++;
                failedIds.set((int) Math.min(c.id(), Integer.MAX_VALUE));
                continue;
            }
            planner.restore(c.id(), c.params(), null, false);
            Job job = new Job(c.id(), c.token(), c.iteration(), c.params());
            job.firstSubmitMillis = c.time();
            active.put(job.id, job);
            byToken.put(job.token, job);
            JobHandle handle = adopted.get(job.id);
            if (handle != null) {
                job.handle = handle;
                job.phase = JobPhase.SUBMITTED;
                byHandle.put(handle, job);
                submitted++;
                job.earlyValues.addAll(earlyValues.getOrDefault(job.id, List.of()));
                log.info("Job " + job.id + " is still running: followed again as " + handle.id());
            } else if (!tryMetricsFile(job, ignored)) {
                log.info("Job " + job.id + " did not finish before the restart: running it again");
                if (earlyStopping != null) {
                    // it starts over: its reports so far stay at the rungs as reference, its progress is reset
                    earlyStopping.ended(job.id);
                }
                resubmit.add(job);
            }
        }
        journal.append(new JournalEvent.RunResumed(now, succeeded, failed, active.size()));
        log.info("Resumed: " + succeeded + " jobs succeeded and " + failed + " failed before; " + active.size() + " unfinished");
        journal.flush();
        publish();
    }

    /**
     * The stopping rule's rungs and curves as they were: the journal's early reports, ends and
     * stops are told again in their order, so a resumed run judges its jobs against the same
     * reference as before the restart (verdicts of the replay are the journal's past, not acted on).
     * Answers each job's reported values of the metric.
     */
    private Map<Long, List<Double>> replayEarlyReports(List<JournalEvent> events) {
        Map<Long, List<Double>> values = new HashMap<>();
        if (earlyStopping == null) {
            return values;
        }
        for (JournalEvent e : events) {
            if (e instanceof JournalEvent.JobEarlyReport r) {
                if (r.metrics().get(earlyStopping.metric()) instanceof Number n) {
                    values.computeIfAbsent(r.id(), id -> new ArrayList<>()).add(n.doubleValue());
                }
                earlyStopping.report(r.id(), r.metrics());
            } else if (e instanceof JournalEvent.JobSucceeded c) {
                if (!"killed_early".equals(c.source())) {
                    earlyStopping.finished(c.id(), c.metrics());
                }
                earlyStopping.ended(c.id());
            } else if (e instanceof JournalEvent.JobFailed c) {
                earlyStopping.ended(c.id());
            } else if (e instanceof JournalEvent.JobNotRun c) {
                earlyStopping.ended(c.id());
            }
        }
        return values;
    }

    // --- planning and submission ----------------------------------------------------------

    private void plan(long now, List<Action> actions) {
        while (!resubmit.isEmpty()) {
            Job job = resubmit.poll();
            actions.add(new Action.Submit(spec(job, true)));
        }
        int batch = Math.max(1, options.submitBatch());
        if (batch > 1) {
            long total = planner.total();
            long remaining = total < 0 ? Long.MAX_VALUE : total - created;
            // refill in whole batches: single submissions trickling in as slots free up would defeat the arrays
            if (options.maxInFlight() - active.size() < Math.min(batch, remaining)) {
                actions.addAll(planner.requests(options.maxInFlight() - active.size()));
                return;
            }
        }
        List<JobSpec> fresh = new ArrayList<>();
        while (active.size() < options.maxInFlight() && !planner.exhausted()) {
            Planner.PlannedJob planned = planner.next(nextId, view());
            if (planned == null) {
                break;
            }
            Job job = create(planned, now);
            if (options.loadExisting() && loadExisting(job, actions)) {
                continue;
            }
            job.firstSubmitMillis = now;
            fresh.add(spec(job, false));
        }
        for (int i = 0; i < fresh.size(); i += batch) {
            List<JobSpec> chunk = fresh.subList(i, Math.min(fresh.size(), i + batch));
            actions.add(chunk.size() == 1 ? new Action.Submit(chunk.get(0)) : new Action.SubmitBatch(List.copyOf(chunk)));
        }
        actions.addAll(planner.requests(options.maxInFlight() - active.size()));
    }

    private Job create(Planner.PlannedJob planned, long now) {
        long id = nextId++;
        long token;
        do {
            token = tokens.nextLong() & Long.MAX_VALUE;
        } while (token == 0 || byToken.containsKey(token));
        Map<String, Object> params = new LinkedHashMap<>(planned.values());
        NestedMaps.deepMerge(params, fixedParams);
        params.put("working_dir", layout.workingDir(id).toString());
        params.put("id", id);
        Job job = new Job(id, token, planned.iteration(), params);
        active.put(id, job);
        byToken.put(token, job);
        created++;
        journal.append(new JournalEvent.JobCreated(now, id, token, planned.iteration(), params));
        return job;
    }

    private boolean loadExisting(Job job, List<Action> actions) {
        Path file = layout.metricsFile(job.id);
        if (!Files.exists(file)) {
            return false;
        }
        try {
            Map<String, Object> metrics = metricsFallback.read(file, 0);
            if (metrics == null) {
                return false;
            }
            log.info("Job " + job.id + " loaded final results " + metrics + " from the filesystem. Will not run!");
            succeed(job, metrics, "loaded", actions);
            return true;
        } catch (Exception e) {
            log.warning("Job " + job.id + ": existing " + file + " is unreadable (" + e.getMessage() + "), running it again");
            return false;
        }
    }

    private JobSpec spec(Job job, boolean resubmission) {
        JobSpec spec = specs.create(job.id, job.token, job.iteration, job.params, resubmission);
        job.stderr = spec.stderr();
        return spec;
    }

    private void onSubmitted(RunEvent.Submitted s, long now, List<Action> actions) {
        Job job = active.get(s.jobId());
        if (job == null) {
            return;
        }
        if (job.handle == null) {
            submitted++;
        } else {
            byHandle.remove(job.handle);
        }
        job.handle = s.handle();
        job.submittedMillis = now;
        job.processEnded = false;
        job.exitCode = null;
        byHandle.put(s.handle(), job);
        if (job.phase == JobPhase.INITIAL_STATUS) {
            job.phase = JobPhase.SUBMITTED;
        }
        journal.append(new JournalEvent.JobSubmitted(now, job.id, s.handle().id()));
        log.info("Job with id " + job.id + " submitted with cluster id " + s.handle().id());
        JobStatus pending = early.remove(s.handle());
        if (pending != null) {
            onStatus(s.handle(), pending, now, actions);
        }
    }

    // --- messages from jobs -----------------------------------------------------------------

    private void onMessage(JobMessage message, long now, List<Action> actions) {
        Job job = byToken.get(message.jobId());
        if (job == null) {
            // a finished job's late datagram, another run's job, or a guess: never trusted
            if (retiredTokens.containsKey(message.jobId())) {
                lateMessages++;
            } else {
                rejectedMessages++;
            }
            return;
        }
        if (message instanceof JobMessage.JobStarted m) {
            markRunning(job, now);
            job.hostname = m.hostname();
            journal.append(new JournalEvent.JobStarted(now, job.id, m.hostname()));
            log.info("Job " + job.id + " started on hostname " + m.hostname());
        } else if (message instanceof JobMessage.ErrorEncountered m) {
            String text = String.join("", m.lines());
            if (job.error == null) {
                job.error = text;
            }
            String last = m.lines().isEmpty() ? "" : m.lines().get(m.lines().size() - 1).strip();
            log.warning("Job " + job.id + " died with error " + last + ".");
            if (options.processDecides()) {
                // the traceback is kept; the job fails when its process ends with a non-zero exit code
                return;
            }
            fail(job, text, actions);
        } else if (message instanceof JobMessage.SentResults m) {
            if (options.processDecides() && !confirmed(job, m.metrics())) {
                return;
            }
            job.metrics = new LinkedHashMap<>(m.metrics());
            log.info("Job " + job.id + " sent results.");
            if (job.phase == JobPhase.CONCLUDED_WITHOUT_RESULTS || job.processEnded) {
                succeed(job, job.metrics, "message", actions);
            } else {
                setPhase(job, JobPhase.SENT_RESULTS);
                // a job that hangs after finalize_job must not hold its slot for ever
                startGrace(job, now + options.hangAfterResultsMillis());
            }
        } else if (message instanceof JobMessage.Concluded) {
            if (options.processDecides()) {
                // the process's end, which the backend reports, is what ends the job
                return;
            }
            if (job.metrics != null) {
                log.info("Job " + job.id + " finished successfully.");
                succeed(job, job.metrics, "message", actions);
            } else {
                log.info("Job " + job.id + " announced its end but no results were sent so far.");
                setPhase(job, JobPhase.CONCLUDED_WITHOUT_RESULTS);
                startGrace(job, now + CONCLUDED_GRACE_MILLIS);
            }
        } else if (message instanceof JobMessage.ExitForResume) {
            log.info("Job " + job.id + " exited to be resumed.");
            if (options.processDecides()) {
                job.resumeClaimed = true; // exit code 3 decides
                return;
            }
            job.waitingForResume = true;
            if (job.processEnded) {
                requeue(job, now, actions);
            }
        } else if (message instanceof JobMessage.Progress m) {
            log.info("Job " + job.id + " announced it is " + (int) (100 * m.fraction()) + "% done.");
            if (m.fraction() > 0 && m.fraction() <= 1 && job.startMillis > 0) {
                job.estimatedEndMillis = job.startMillis + (now - job.startMillis) / m.fraction();
            }
        } else if (message instanceof JobMessage.EarlyReport m) {
            log.info("Job " + job.id + " sent intermediate results.");
            journal.append(new JournalEvent.JobEarlyReport(now, job.id, new LinkedHashMap<>(m.metrics())));
            Object v = earlyStopping == null ? null : m.metrics().get(earlyStopping.metric());
            if (v instanceof Number n) {
                if (job.phase == JobPhase.SUBMITTED) {
                    // a job that reports has started: its start message went to the server before a restart, or was lost
                    markRunning(job, now);
                }
                job.earlyValues.add(n.doubleValue());
                log.info("Job " + job.id + " currently has " + earlyStopping.metric() + "=" + v + ".");
                if (job.phase == JobPhase.RUNNING) {
                    Verdict verdict = earlyStopping.report(job.id, m.metrics());
                    if (verdict.stop()) {
                        killEarly(job, n.doubleValue(), verdict.reason(), actions);
                    }
                }
            }
        }
    }

    private void markRunning(Job job, long now) {
        if (job.phase != JobPhase.RUNNING) {
            running++;
        }
        job.phase = JobPhase.RUNNING;
        if (job.startMillis == 0) {
            job.startMillis = now;
        }
        job.waitingForResume = false;
    }

    /**
     * Whether results from a datagram may count ({@link Options#processDecides}): yes when the job's
     * fresh {@code metrics.csv} holds the same values (the client writes it just before it sends);
     * no, counted as rejected, when it holds others. Without a file the datagram is kept aside
     * ({@code unconfirmed}) until the process ends.
     */
    private boolean confirmed(Job job, Map<String, Object> metrics) {
        Map<String, Object> onDisk;
        try {
            onDisk = metricsFallback.read(layout.metricsFile(job.id), job.firstSubmitMillis);
        } catch (Exception e) {
            onDisk = null;
        }
        if (onDisk == null) {
            if (job.processEnded) {
                return true;
            }
            job.unconfirmed = new LinkedHashMap<>(metrics);
            return false;
        }
        if (MetricsCsv.format(onDisk).equals(MetricsCsv.format(metrics))) {
            return true;
        }
        rejectedMessages++;
        log.warning("Job " + job.id + ": results in a datagram differ from its " + RunLayout.METRICS_FILE
                + " and are ignored (forged, or an earlier report the job replaced)");
        return false;
    }

    /**
     * {@link Options#processDecides}: the process has ended, so what datagrams claimed about it is
     * settled. Results that no metrics.csv could confirm while it ran count only if it wrote none
     * and ended well; claims its end contradicts (an error from a job that exited 0, an exit for
     * resume without exit code 3, results its own metrics.csv disagrees with) count as rejected.
     */
    private void refuteClaims(Job job, Integer exitCode) {
        boolean clean = exitCode == null || exitCode == 0;
        Map<String, Object> candidate = job.unconfirmed;
        job.unconfirmed = null;
        if (candidate != null) {
            if (job.metrics == null) {
                if (confirmed(job, candidate) && clean) {
                    job.metrics = new LinkedHashMap<>(candidate);
                }
            } else if (!MetricsCsv.format(candidate)
                    .equals(MetricsCsv.format(job.metrics))) {
                rejectedMessages++;
            }
        }
        if (job.error != null && Integer.valueOf(0).equals(exitCode)) {
            rejectedMessages++;
            log.warning("Job " + job.id + " ended well: the error reported for it is ignored");
            job.error = null;
        }
        if (job.resumeClaimed && !Integer.valueOf(3).equals(exitCode)) {
            rejectedMessages++;
        }
        job.resumeClaimed = false;
    }

    private void setPhase(Job job, JobPhase phase) {
        if (job.phase == JobPhase.RUNNING && phase != JobPhase.RUNNING) {
            running--;
        }
        job.phase = phase;
    }

    // --- backend statuses -------------------------------------------------------------------

    private void onStatus(JobHandle handle, JobStatus st, long now, List<Action> actions) {
        Job job = byHandle.get(handle);
        if (!st.isTerminal() && st.phase() != JobStatus.Phase.UNKNOWN) {
            return;
        }
        if (job == null) {
            if (st.isTerminal()) {
                early.put(handle, st);
                if (early.size() > 10_000) {
                    // handles of jobs retired before their end was pushed; never claimed
                    early.remove(early.keySet().iterator().next());
                }
            }
            return;
        }
        if (st.phase() == JobStatus.Phase.NOT_RUN) {
            notRun(job, st.reason(), now, actions);
            return;
        }
        if (st.phase() == JobStatus.Phase.UNKNOWN) {
            // the scheduler no longer knows a job it ran: treat it as ended without an exit code
            st = new JobStatus(JobStatus.Phase.ENDED, null, "the job left the scheduler's queue");
        }
        job.processEnded = true;
        job.exitCode = st.exitCode();
        if (options.processDecides()) {
            refuteClaims(job, st.exitCode());
        }
        boolean resume = job.waitingForResume || Integer.valueOf(3).equals(st.exitCode());
        if (st.phase() == JobStatus.Phase.KILLED) {
            if (job.metrics != null) {
                succeed(job, job.metrics, "message", actions);
            } else {
                fail(job, "killed by the backend: " + st.reason() + stderrTail(job), actions);
            }
        } else if (resume && job.metrics == null) {
            requeue(job, now, actions);
        } else if (job.metrics != null) {
            succeed(job, job.metrics, "message", actions);
        } else if (job.error != null) {
            fail(job, job.error, actions);
        } else if (Integer.valueOf(0).equals(st.exitCode()) || st.exitCode() == null) {
            if (!tryMetricsFile(job, actions)) {
                startGrace(job, now + RESULT_GRACE_MILLIS);
            }
        } else {
            String why = st.reason() != null ? st.reason() : "exit code " + st.exitCode();
            fail(job, "Job ended with " + why + " and sent no results." + stderrTail(job), actions);
        }
    }

    private void requeue(Job job, long now, List<Action> actions) {
        job.quickResumes = now - job.submittedMillis < QUICK_RESUME_MILLIS ? job.quickResumes + 1 : 0;
        if (job.quickResumes >= QUICK_RESUME_LIMIT) {
            fail(job, "Job exited for resume (exit code 3) " + job.quickResumes + " times in a row, each within "
                    + QUICK_RESUME_MILLIS / 1000 + " s of its submission: it makes no progress and is not resubmitted again."
                    + stderrTail(job), actions);
            return;
        }
        job.waitingForResume = true;
        job.unconfirmed = null;
        setPhase(job, JobPhase.SUBMITTED);
        journal.append(new JournalEvent.JobResubmitting(now, job.id));
        resubmit.add(job);
    }

    private boolean tryMetricsFile(Job job, List<Action> actions) {
        try {
            Map<String, Object> metrics = metricsFallback.read(layout.metricsFile(job.id), job.firstSubmitMillis);
            if (metrics != null) {
                log.info("Job " + job.id + " results read from " + RunLayout.METRICS_FILE + " (no datagram arrived).");
                succeed(job, metrics, RunLayout.METRICS_FILE, actions);
                return true;
            }
        } catch (Exception e) {
            fail(job, "malformed " + RunLayout.METRICS_FILE + ": " + e.getMessage(), actions);
            return true;
        }
        return false;
    }

    private void startGrace(Job job, long deadline) {
        job.graceDeadline = deadline;
        if (!graceJobs.contains(job)) {
            graceJobs.add(job);
        }
    }

    private void onTick(long now, List<Action> actions) {
        if (resultsDirWatch != null && now - lastResultsDirCheck >= 1_000) {
            lastResultsDirCheck = now;
            String problem = resultsDirWatch.problem();
            if (problem != null) {
                end(RunOutcome.Status.ABORTED, problem + " The run failed: all jobs were cancelled.", actions);
                return;
            }
        }
        if (!graceJobs.isEmpty()) {
            for (Job job : List.copyOf(graceJobs)) {
                if (job.phase.isTerminal()) {
                    graceJobs.remove(job);
                } else if (now >= job.graceDeadline) {
                    graceJobs.remove(job);
                    if (job.phase == JobPhase.SENT_RESULTS && job.metrics != null) {
                        log.warning("Job " + job.id + " sent its results but did not end within "
                                + options.hangAfterResultsMillis() / 1000 + " s: its results count and it is stopped.");
                        succeed(job, job.metrics, "message", actions);
                        if (job.handle != null && !job.processEnded) {
                            actions.add(new Action.Cancel(job.handle));
                        }
                    } else if (!tryMetricsFile(job, actions)) {
                        log.info("Job " + job.id + " has concluded, but has not sent results. Considering job failed.");
                        fail(job, job.error != null ? job.error : "Job concluded but sent no results." + stderrTail(job), actions);
                    }
                }
            }
        }
        if (now - lastPollMillis >= options.pollMillis() && !byHandle.isEmpty()) {
            lastPollMillis = now;
            List<JobHandle> handles = new ArrayList<>();
            for (Job job : byHandle.values()) {
                if (!job.processEnded) {
                    handles.add(job.handle);
                }
            }
            if (!handles.isEmpty()) {
                actions.add(new Action.Poll(handles));
            }
        }
        results.checkpoint(false);
    }

    // --- terminal transitions ---------------------------------------------------------------

    private void succeed(Job job, Map<String, Object> metrics, String source, List<Action> actions) {
        String rejected = planner.reject(metrics);
        if (rejected != null) {
            fail(job, rejected, actions);
            return;
        }
        long now = clock.getAsLong();
        setPhase(job, JobPhase.CONCLUDED);
        journal.append(new JournalEvent.JobSucceeded(now, job.id, metrics, source));
        results.succeeded(job.id, job.iteration, NestedMaps.flatten(job.params), metrics);
        succeeded++;
        succeededIds.set((int) Math.min(job.id, Integer.MAX_VALUE));
        if (earlyStopping != null) {
            earlyStopping.finished(job.id, metrics);
        }
        planner.finished(job.id, job.params, metrics);
        retire(job, actions);
    }

    /**
     * A job stopped by {@code kill_bad_jobs_early}: it counts as successful with its last
     * intermediate value as its only metric, as in the original, and the backend really stops it.
     */
    private void killEarly(Job job, double lastValue, String reason, List<Action> actions) {
        long now = clock.getAsLong();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(earlyStopping.metric(), lastValue);
        setPhase(job, JobPhase.CONCLUDED);
        journal.append(new JournalEvent.JobSucceeded(now, job.id, metrics, "killed_early"));
        log.info("Job " + job.id + " was killed early with " + earlyStopping.metric() + " = " + lastValue + ": " + reason + ".");
        results.succeeded(job.id, job.iteration, NestedMaps.flatten(job.params), metrics);
        succeeded++;
        succeededIds.set((int) Math.min(job.id, Integer.MAX_VALUE));
        planner.killed(job.id, job.params, metrics);
        if (job.handle != null && !job.processEnded) {
            actions.add(new Action.Cancel(job.handle));
        }
        retire(job, actions);
    }

    private void fail(Job job, String reason, List<Action> actions) {
        if (job.phase.isTerminal()) {
            return;
        }
        long now = clock.getAsLong();
        setPhase(job, JobPhase.FAILED);
        journal.append(new JournalEvent.JobFailed(now, job.id, reason));
        log.warning("Job " + job.id + " on hostname " + job.hostname + " failed with error:\n" + reason);
        failed++;
        failedIds.set((int) Math.min(job.id, Integer.MAX_VALUE));
        planner.finished(job.id, job.params, null);
        if (job.handle != null && !job.processEnded) {
            // a job that reported an error may still be running; it holds a slot until stopped
            actions.add(new Action.Cancel(job.handle));
        }
        retire(job, actions);
        if (failed > succeeded + running + options.failureMargin()) {
            end(RunOutcome.Status.ABORTED, "Too many (" + failed + ") jobs failed. Ending procedure.", actions);
        }
    }

    /** dryrun: the job's files exist, nothing ran; not a failure, so the abort rule does not count it. */
    private void notRun(Job job, String reason, long now, List<Action> actions) {
        job.processEnded = true;
        journal.append(new JournalEvent.JobNotRun(now, job.id, reason));
        log.info("Job " + job.id + " not run (" + reason + ")");
        notRun++;
        planner.finished(job.id, job.params, null);
        retire(job, actions);
    }

    private void retire(Job job, List<Action> actions) {
        if (earlyStopping != null) {
            earlyStopping.ended(job.id);
        }
        active.remove(job.id);
        byToken.remove(job.token);
        retiredTokens.put(job.token, Boolean.TRUE);
        graceJobs.remove(job);
        if (job.handle != null) {
            byHandle.remove(job.handle);
            actions.add(new Action.Forget(job.handle));
        }
    }

    private String stderrTail(Job job) {
        Path err = job.stderr;
        try {
            if (err == null || !Files.exists(err)) {
                return "";
            }
            // only the end of the file: a failed job's stderr can be gigabytes of log
            String text;
            try (FileChannel ch = FileChannel.open(err)) {
                long start = Math.max(0, ch.size() - STDERR_TAIL_BYTES);
                ByteBuffer buf = ByteBuffer.allocate((int) (ch.size() - start));
                ch.read(buf, start);
                text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            }
            List<String> lines = List.of(text.split("\n"));
            if (text.isBlank()) {
                return "";
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - 20), lines.size());
            return "\nLast lines of " + err + ":\n" + String.join("\n", tail);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private void checkEnd(List<Action> actions) {
        if (planner.exhausted() && active.isEmpty() && resubmit.isEmpty()) {
            actions.addAll(planner.tells());
            if (planner.tellsInFlight()) {
                return; // the last results are with the optimizer stage; its answer ends the run (or the watchdog)
            }
            if (notRun > 0 && succeeded == 0 && failed == 0) {
                end(RunOutcome.Status.FINISHED, "Dry run: the scripts and submission files of " + notRun + " job(s) are in "
                        + layout.jobsDir() + " (submit commands in " + layout.submitCommands().getFileName()
                        + "); nothing was submitted.", actions);
            } else if (resultsDirWatch != null && resultsDirWatch.problem() != null) {
                // lost since the last check: never report success for results that are gone, and when the
                // jobs failed because their working dirs went with it, this is the reason to give
                end(RunOutcome.Status.ABORTED, resultsDirWatch.problem() + " The run failed.", actions);
            } else if (succeeded == 0) {
                end(RunOutcome.Status.NO_RESULTS, "Exiting because no job results are available. Either the jobs did not "
                        + "exit properly, or they did not call finalize_job.", actions);
            } else {
                end(RunOutcome.Status.FINISHED, "Procedure successfully finished", actions);
            }
        }
    }

    private void end(RunOutcome.Status outcome, String message, List<Action> actions) {
        ending = true;
        // the last results reach the optimizer stage too (an external service keeps its history)
        actions.addAll(planner.tells());
        for (Job job : active.values()) {
            if (job.handle != null && !job.processEnded) {
                actions.add(new Action.Cancel(job.handle));
            }
        }
        long now = clock.getAsLong();
        journal.append(new JournalEvent.RunEnded(now, outcome.name().toLowerCase(), message));
        if (outcome == RunOutcome.Status.FINISHED) {
            log.info(message);
        } else {
            log.error(message);
        }
        actions.add(new Action.Finish(new RunOutcome(outcome, message, succeeded, failed)));
    }

    // --- the interactive prompt --------------------------------------------------------------

    private String command(String name, String argument, List<Action> actions) {
        switch (name) {
            case "list_jobs": {
                BitSet all = new BitSet();
                all.set(0, (int) Math.min(nextId, Integer.MAX_VALUE));
                return "List of all jobs:\n" + ranges(all);
            }
            case "list_running_jobs":
                return "List of running jobs:\n" + ranges(idsOf(JobPhase.RUNNING));
            case "list_successful_jobs":
                return "List of successful jobs:\n" + ranges(succeededIds);
            case "list_idle_jobs": {
                BitSet idle = idsOf(JobPhase.INITIAL_STATUS);
                idle.or(idsOf(JobPhase.SUBMITTED));
                return "List of idle jobs:\n" + ranges(idle);
            }
            case "show_job":
                return showJob(argument);
            case "stop_remaining_jobs": {
                int remaining = active.size();
                log.info("User manually stopped all remaining jobs.");
                end(RunOutcome.Status.STOPPED, "Stopped by the user: " + remaining + " remaining jobs were cancelled.", actions);
                return "Cancelled all remaining jobs (" + remaining + ").";
            }
            default:
                return "Unknown command '" + name + "'. Commands: " + COMMANDS;
        }
    }

    private BitSet idsOf(JobPhase phase) {
        BitSet ids = new BitSet();
        for (Job job : active.values()) {
            if (job.phase == phase) {
                ids.set((int) Math.min(job.id, Integer.MAX_VALUE));
            }
        }
        return ids;
    }

    /** {@code 0-17, 19, 21-30}: readable for a thousand jobs as for three. */
    static String ranges(BitSet ids) {
        if (ids.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        int start = ids.nextSetBit(0);
        while (start >= 0) {
            int end = ids.nextClearBit(start) - 1;
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            start = ids.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    private String showJob(String argument) {
        long id;
        try {
            id = Long.parseLong(argument == null ? "" : argument.trim());
        } catch (NumberFormatException e) {
            return "'" + (argument == null ? "" : argument.trim()) + "' is not a job id; give a number from 0 to " + (nextId - 1) + ".";
        }
        if (id < 0 || id >= nextId) {
            return "No job " + id + (nextId == 0 ? ": no job was created yet." : "; job ids go from 0 to " + (nextId - 1) + ".");
        }
        try {
            journal.flush();
            // an ended job is not kept in memory: its record is the journal
            return JobReport.format(id, Journal.readJob(journal.file(), id), active.get(id), ZoneId.systemDefault());
        } catch (IOException | RuntimeException e) {
            return "Cannot read job " + id + " from " + journal.file() + ": " + e.getMessage();
        }
    }

    // --- views --------------------------------------------------------------------------------

    private Planner.RunView view() {
        return new Planner.RunView() {
            public long created() {
                return created;
            }

            public long submitted() {
                return submitted;
            }

            public long completed() {
                return succeeded + failed;
            }

            public long succeeded() {
                return succeeded;
            }
        };
    }

    private void publish() {
        long total = planner.total();
        double eta = Double.NaN;
        long done = succeeded + failed;
        if (startMillis >= 0 && done > 0 && total > 0) {
            double perJob = (clock.getAsLong() - startMillis) / 1000.0 / done;
            eta = perJob * (total - done);
        }
        status = new RunStatus(name, total, created, submitted, running, succeeded, failed, eta, planner.best(), ending,
                planner.frontSize(), planner.hypervolume());
    }
}
