package dev.clusterutils.backend.scheduler;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.CommandRunner;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ScriptFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The flow every scheduler shares: write the dialect's files, run its submit command, read the id;
 * poll all live jobs with the dialect's batched queries; cancel in as few commands as possible.
 * Every command has a timeout. A failing status query throws (the run keeps its jobs and asks
 * again) and makes the next polls wait, doubling up to {@link Settings#maxBackoff}, so a sick
 * controller is not hammered; it never turns jobs into failures by itself.
 */
public final class SchedulerBackend implements Backend {

    /**
     * @param pollInterval  how often the run polls (the original's Slurm check ran at most once a minute, and only for
     *                      jobs that had not started; this one asks about every live job)
     * @param maxInFlight   jobs the run keeps submitted at once
     * @param useBatches    submit batches (Slurm job arrays) when the run offers several jobs at once
     */
    public record Settings(Duration pollInterval, int maxInFlight, Duration submitTimeout, Duration statusTimeout,
                           Duration cancelTimeout, Duration maxBackoff, boolean useBatches) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), 1000, Duration.ofSeconds(15), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Duration.ofMinutes(2), false);
        }

        public Settings withPollInterval(Duration d) {
            return new Settings(d, maxInFlight, submitTimeout, statusTimeout, cancelTimeout, maxBackoff, useBatches);
        }

        public Settings withMaxInFlight(int n) {
            return new Settings(pollInterval, n, submitTimeout, statusTimeout, cancelTimeout, maxBackoff, useBatches);
        }

        public Settings withTimeouts(Duration submit, Duration status, Duration cancel) {
            return new Settings(pollInterval, maxInFlight, submit, status, cancel, maxBackoff, useBatches);
        }

        public Settings withBatches(boolean on) {
            return new Settings(pollInterval, maxInFlight, submitTimeout, statusTimeout, cancelTimeout, maxBackoff, on);
        }
    }

    /** What the backend keeps per job until the run forgets it. */
    private static final class Tracked {
        final JobSpec spec;
        volatile JobStatus last;
        volatile boolean removed;
        volatile boolean cancelled;

        Tracked(JobSpec spec) {
            this.spec = spec;
        }
    }

    private final SchedulerDialect dialect;
    private final CommandRunner commands;
    private final Settings settings;
    private final BackendLog log;
    private final LongSupplier nanoClock;
    private final Map<JobHandle, Tracked> tracked = new ConcurrentHashMap<>();
    private final AtomicInteger batches = new AtomicInteger();
    private volatile boolean closed;

    private final Object backoffLock = new Object();
    private int consecutivePollFailures;
    private long nextPollNanos;
    private String lastPollFailure;

    public SchedulerBackend(SchedulerDialect dialect, CommandRunner commands, Settings settings, BackendLog log) {
        this(dialect, commands, settings, log, System::nanoTime);
    }

    /** With a clock for the back-off, for tests. */
    public SchedulerBackend(SchedulerDialect dialect, CommandRunner commands, Settings settings, BackendLog log,
                     LongSupplier nanoClock) {
        this.dialect = dialect;
        this.commands = commands;
        this.settings = settings;
        this.log = log;
        this.nanoClock = nanoClock;
    }

    public SchedulerDialect dialect() {
        return dialect;
    }

    @Override
    public String kind() {
        return dialect.kind();
    }

    @Override
    public Duration pollInterval() {
        return settings.pollInterval();
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    @Override
    public int maxBatchSize() {
        return settings.useBatches() ? dialect.maxBatchSize() : 1;
    }

    // --- submit ---------------------------------------------------------------------------------

    @Override
    public JobHandle submit(JobSpec spec) throws BackendException {
        refuseWhenClosed();
        write(dialect.render(spec));
        Path workDir = spec.runScript().getParent();
        CommandResult result = submitCommand(dialect.submitArgv(spec), workDir, "job " + spec.jobId());
        JobHandle handle = new JobHandle(kind(), dialect.parseJobId(result));
        tracked.put(handle, new Tracked(spec));
        cancelIfClosedMeanwhile(List.of(handle));
        return handle;
    }

    @Override
    public List<JobHandle> submitBatch(List<JobSpec> specs) throws BackendException {
        if (maxBatchSize() <= 1 || specs.size() == 1) {
            return Backend.super.submitBatch(specs);
        }
        if (specs.size() > maxBatchSize()) {
            throw new IllegalArgumentException("a batch holds at most " + maxBatchSize() + " jobs, got " + specs.size());
        }
        refuseWhenClosed();
        SchedulerDialect.Batch batch = dialect.renderBatch(specs, batches.getAndIncrement());
        write(batch.files());
        CommandResult result = submitCommand(batch.submitArgv(), batch.workDir(),
                "jobs " + specs.get(0).jobId() + "-" + specs.get(specs.size() - 1).jobId());
        String batchId = dialect.parseJobId(result);
        List<String> ids = dialect.batchJobIds(batchId, specs.size());
        List<JobHandle> handles = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JobHandle h = new JobHandle(kind(), ids.get(i));
            tracked.put(h, new Tracked(specs.get(i)));
            handles.add(h);
        }
        cancelIfClosedMeanwhile(handles);
        return handles;
    }

    private void refuseWhenClosed() throws BackendException {
        if (closed) {
            throw new BackendException(kind() + " backend is closed: the run has ended", false);
        }
    }

    /** A submission that raced with close(): its job would outlive the run, so it goes at once. */
    private void cancelIfClosedMeanwhile(List<JobHandle> handles) throws BackendException {
        if (closed) {
            cancelAll(handles);
            throw new BackendException(kind() + " backend closed during the submission; the job was cancelled", false);
        }
    }

    private void write(List<SubmissionFile> files) throws BackendException {
        for (SubmissionFile f : files) {
            try {
                ScriptFiles.write(f.path(), f.content(), f.executable());
            } catch (IOException e) {
                throw new BackendException("cannot write " + f.path() + ": " + e.getMessage(), false, e);
            }
        }
    }

    private CommandResult submitCommand(List<String> argv, Path workDir, String what) throws BackendException {
        CommandResult result;
        try {
            result = commands.run(argv, workDir, settings.submitTimeout());
        } catch (IOException e) {
            throw new BackendException("cannot run " + argv.get(0) + ": " + e.getMessage(), false, e);
        }
        if (result.timedOut()) {
            throw new BackendException("Job submission for " + what + " hangs: " + argv.get(0) + " did not answer within "
                    + settings.submitTimeout().toSeconds() + " s", true);
        }
        if (result.exitCode() != 0) {
            throw new BackendException("Job submission for " + what + " failed with exit code " + result.exitCode() + ": "
                    + result.output(), dialect.isTransientFailure(result));
        }
        return result;
    }

    // --- poll -----------------------------------------------------------------------------------

    @Override
    public Map<JobHandle, JobStatus> poll(Collection<JobHandle> handles) throws BackendException {
        if (handles.isEmpty()) {
            return Map.of();
        }
        synchronized (backoffLock) {
            long wait = nextPollNanos - nanoClock.getAsLong();
            if (consecutivePollFailures > 0 && wait > 0) {
                throw new BackendException("status query skipped after " + consecutivePollFailures + " failure(s), next try in "
                        + Math.max(1, wait / 1_000_000_000L) + " s (last: " + lastPollFailure + ")", true);
            }
        }
        Map<JobHandle, JobStatus> statuses;
        try {
            statuses = query(List.copyOf(handles));
        } catch (BackendException e) {
            synchronized (backoffLock) {
                consecutivePollFailures++;
                lastPollFailure = e.getMessage();
                long backoff = Math.min(settings.maxBackoff().toNanos(),
                        settings.pollInterval().toNanos() << Math.min(consecutivePollFailures - 1, 20));
                nextPollNanos = nanoClock.getAsLong() + backoff;
            }
            throw e;
        }
        synchronized (backoffLock) {
            if (consecutivePollFailures > 0) {
                log.info("Status queries work again after " + consecutivePollFailures + " failure(s)");
            }
            consecutivePollFailures = 0;
        }
        Map<JobHandle, JobStatus> out = new LinkedHashMap<>();
        List<JobHandle> toRemove = new ArrayList<>();
        for (JobHandle h : handles) {
            Tracked t = tracked.get(h);
            JobStatus s = statuses.getOrDefault(h, JobStatus.UNKNOWN);
            if (t != null) {
                if (t.spec != null) {
                    s = dialect.refine(h, s, t.spec);
                }
                t.last = s;
                if (dialect.lingers(s) && !t.removed) {
                    t.removed = true;
                    toRemove.add(h);
                }
            }
            out.put(h, s);
        }
        if (!toRemove.isEmpty()) {
            cancelAll(toRemove);
        }
        return out;
    }

    private Map<JobHandle, JobStatus> query(List<JobHandle> handles) throws BackendException {
        Map<JobHandle, JobStatus> statuses = new HashMap<>();
        for (StatusQuery q : dialect.statusQueries()) {
            List<JobHandle> ask = handles.stream().filter(h -> q.wants(statuses.get(h))).toList();
            if (ask.isEmpty()) {
                continue;
            }
            StatusQuery.Parsed parsed = null;
            for (int attempt = 0; attempt < 2 && (parsed == null || parsed.askAgain()); attempt++) {
                List<String> argv = q.argv(ask);
                // a query may have nothing to ask in its current form (sacct -c and never-seen array tasks)
                parsed = argv.isEmpty() ? StatusQuery.Parsed.of(Map.of()) : q.parse(ask, statusCommand(argv));
            }
            if (parsed.askAgain()) {
                throw new BackendException("status query " + q.argv(ask).get(0) + " gave no usable answer", true);
            }
            statuses.putAll(parsed.statuses());
        }
        return statuses;
    }

    private CommandResult statusCommand(List<String> argv) throws BackendException {
        CommandResult r;
        try {
            r = commands.run(argv, null, settings.statusTimeout());
        } catch (IOException e) {
            throw new BackendException("cannot run " + argv.get(0) + ": " + e.getMessage(), true, e);
        }
        if (r.timedOut()) {
            throw new BackendException(argv.get(0) + " did not answer within " + settings.statusTimeout().toSeconds() + " s", true);
        }
        return r;
    }

    // --- cancel ---------------------------------------------------------------------------------

    @Override
    public void cancel(JobHandle handle) {
        cancelAll(List.of(handle));
    }

    @Override
    public void cancelAll(Collection<JobHandle> handles) {
        if (handles.isEmpty()) {
            return;
        }
        for (JobHandle h : handles) {
            Tracked t = tracked.get(h);
            if (t != null) {
                t.cancelled = true;
            }
        }
        for (List<String> argv : dialect.cancelCommands(handles)) {
            try {
                CommandResult r = commands.run(argv, null, settings.cancelTimeout());
                if (r.timedOut()) {
                    log.warning(argv.get(0) + " did not answer within " + settings.cancelTimeout().toSeconds()
                            + " s; these jobs may still be queued: " + String.join(" ", argv.subList(1, argv.size())));
                }
                // a non-zero exit is normal for jobs that ended meanwhile: cancelling is idempotent
            } catch (IOException e) {
                log.warning("cannot run " + argv.get(0) + ": " + e.getMessage());
            }
        }
    }

    /**
     * A job of a crashed server is still known to the scheduler by its id: if it is queued or running,
     * it is watched again. Its files are unknown here, so its markers are not read (its exit code and
     * state still come from squeue/sacct or condor_q/condor_history). If the scheduler cannot be asked
     * now, the job is adopted anyway: running it a second time is worse than watching a job that the
     * next poll reports gone.
     */
    @Override
    public JobHandle adopt(String handleId, long token) {
        JobHandle h = new JobHandle(kind(), handleId);
        try {
            JobStatus s = query(List.of(h)).getOrDefault(h, JobStatus.UNKNOWN);
            if (s.isTerminal() || s.phase() == JobStatus.Phase.UNKNOWN) {
                return null;
            }
        } catch (BackendException e) {
            log.warning("Cannot ask " + kind() + " about job " + handleId + " (" + e.getMessage() + "); watching it again anyway");
        }
        tracked.put(h, new Tracked(null));
        return h;
    }

    /**
     * A job of a crashed server whose id never reached the journal is looked for by its name. If
     * the scheduler cannot be asked, the resume stops with the reason rather than risk a second copy.
     */
    @Override
    public JobHandle adoptUnrecorded(long token, String jobName) {
        List<String> argv = dialect.findByNameArgv(jobName);
        if (argv == null) {
            return null;
        }
        String id;
        try {
            CommandResult r = commands.run(argv, null, settings.statusTimeout());
            if (r.timedOut()) {
                throw new BackendException(argv.get(0) + " did not answer within " + settings.statusTimeout().toSeconds() + " s", true);
            }
            id = dialect.parseFoundByName(jobName, r);
        } catch (IOException | BackendException e) {
            throw new IllegalStateException("Cannot ask " + kind() + " whether job " + jobName + " (started just before the "
                    + "server stopped) is queued or running: " + e.getMessage() + ". Resume again once " + kind() + " answers.", e);
        }
        if (id == null) {
            return null;
        }
        JobHandle h = new JobHandle(kind(), id);
        tracked.put(h, new Tracked(null));
        return h;
    }

    @Override
    public void forget(JobHandle handle) {
        tracked.remove(handle);
        dialect.forget(handle);
    }

    /** Jobs submitted and not yet forgotten, for tests and progress. */
    public int tracked() {
        return tracked.size();
    }

    /** Cancels every job this backend submitted that has not been seen ending, in as few commands as possible. */
    @Override
    public void close() {
        closed = true;
        List<JobHandle> live = new ArrayList<>();
        tracked.forEach((h, t) -> {
            JobStatus last = t.last;
            // a job cancelled already (Ctrl-C cancels before the run closes its backend) needs no second scancel
            if (!t.cancelled && (last == null || !last.isTerminal())) {
                live.add(h);
            }
        });
        if (!live.isEmpty()) {
            log.info("Cancelling " + live.size() + " remaining " + kind() + " job(s)");
            cancelAll(live);
        }
    }
}
