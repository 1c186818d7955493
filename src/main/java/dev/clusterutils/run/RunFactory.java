package dev.clusterutils.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendConfig;
import dev.clusterutils.backend.BackendFactory;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.Backends;
import dev.clusterutils.backend.CommandRunner;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.ProcessCommandRunner;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.protocol.ServerAddress;
import dev.clusterutils.results.GridResults;
import dev.clusterutils.results.HpoResults;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.results.JsonValues;
import dev.clusterutils.results.Metadata;
import dev.clusterutils.results.ResultSink;
import dev.clusterutils.run.stopping.EarlyStopping;
import dev.clusterutils.settings.EarlyStoppingSettings;
import dev.clusterutils.settings.GitParams;
import dev.clusterutils.settings.HpoSettings;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.RunType;
import dev.clusterutils.space.GridExpansion;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.workspace.Checkout;
import dev.clusterutils.workspace.EarlyProbes;
import dev.clusterutils.workspace.GitCheckout;
import dev.clusterutils.workspace.GitInfo;
import dev.clusterutils.workspace.JobCommand;
import dev.clusterutils.workspace.JobSpecs;
import dev.clusterutils.workspace.PythonClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Builds a run in the steps of the routes: {@link #start} (direct:cu-start) makes the results dir,
 * journal and metadata (nothing slow); the steps of direct:cu-prepare then hand each other
 * immutable values: {@link #checkout} asks for the code, {@link #code} turns what the checkout stage
 * answered into a {@link RunCode}, {@link #backend} a {@link RunBackend}, {@link #channel} a
 * {@link RunChannel}, and {@link #coordinator} makes the coordinator, which gets the run's first event.
 */
public final class RunFactory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final MessageChannel.Factory channels;
    private final MetricsFallback metricsFallback;
    private final LongSupplier clock;
    private final BackendFactory backends;

    public RunFactory(MessageChannel.Factory channels, MetricsFallback metricsFallback, LongSupplier clock) {
        this(channels, metricsFallback, clock, BackendFactory.defaults());
    }

    public RunFactory(MessageChannel.Factory channels, MetricsFallback metricsFallback, LongSupplier clock,
                      BackendFactory backends) {
        this.channels = channels;
        this.metricsFallback = metricsFallback;
        this.clock = clock;
        this.backends = backends;
    }

    /** The production wiring: UDP job messages, the metrics.csv fallback, the wall clock, the built-in backends. */
    public static RunFactory production() {
        return new RunFactory(UdpChannel::open, new MetricsFiles(), System::currentTimeMillis);
    }

    /** The same factory with another source of job messages (a host's own listener, a test's). */
    public RunFactory withChannels(MessageChannel.Factory other) {
        return new RunFactory(other, metricsFallback, clock, backends);
    }

    /** The same factory with another way to create backends. */
    public RunFactory withBackends(BackendFactory other) {
        return new RunFactory(channels, metricsFallback, clock, other);
    }

    /**
     * Creates (or, with {@code options.resume()}, reopens) the results dir. A fresh start deletes
     * whatever the results dir held: callers ask the user first.
     */
    public RunContext start(RunSettings settings, RunOptions options) throws IOException {
        return start(settings, options, null);
    }

    /** What deleting old results must never take along: see {@link OldResults}. */
    public static List<Path> keptPaths(RunSettings settings, RunOptions options) {
        return Stream.of(options.home(), options.cwd(), settings.settingsFile())
                .filter(Objects::nonNull).toList();
    }

    /** {@link #start(RunSettings, RunOptions)} with the run id chosen by the caller (null: a random UUID). */
    public RunContext start(RunSettings settings, RunOptions options, String runId) throws IOException {
        Path results = settings.resultsDir();
        CompletableFuture<Void> oldResultsDeleted = !options.resume() && Files.exists(results, LinkOption.NOFOLLOW_LINKS)
                ? OldResults.deleteAside(results, keptPaths(settings, options)) : CompletableFuture.completedFuture(null);
        Files.createDirectories(results);
        // the working dirs inside hold each job's metrics.csv, which confirms its results: no other user may write or read there
        restrict(results);
        LocalDateTime now = LocalDateTime.now();
        Path cache = RunLayout.cacheDir(options.env(), options.home());
        String stamp = now.format(STAMP);
        Path jobsDir = RunLayout.jobsDirFor(cache, settings.name(), stamp);
        for (int n = 2; Files.exists(jobsDir); n++) {
            jobsDir = RunLayout.jobsDirFor(cache, settings.name(), stamp + "-" + n);
        }
        Path projectDir = settings.runInWorkingDir() ? null : RunLayout.projectDirFor(cache, settings.name(), stamp);
        RunLayout layout = new RunLayout(results, jobsDir, projectDir);
        Files.createDirectories(jobsDir);
        restrict(jobsDir);
        Files.createDirectories(layout.workingDirs());
        for (Path stale : layout.staleTemporaries()) {
            // a server killed while it wrote a report or a table left this; the file it was for is rewritten by this run
            Files.deleteIfExists(stale);
        }

        List<JournalEvent> previous = options.resume() ? Journal.read(layout.journal()) : List.of();
        String previousCommit = options.resume() ? previousCommit(layout.metadata()) : null;
        Long previousSeed = previous.stream().filter(e -> e instanceof JournalEvent.RunStarted)
                .map(e -> ((JournalEvent.RunStarted) e).seed()).reduce((a, b) -> b).orElse(null);
        // a resumed grid must draw the same samples, so the seed of the first process is kept
        long seed = options.seed() != null ? options.seed() : previousSeed != null ? previousSeed : new SecureRandom().nextLong();
        Journal journal = Journal.open(layout.journal());
        journal.append(new JournalEvent.RunStarted(clock.getAsLong(), settings.type().name(), jobsDir.toString(),
                projectDir == null ? null : projectDir.toString(), seed, Version.get()));
        RunLog log = new RunLog(layout.log());
        log.info("Detailed logging available in " + layout.log());
        log.info("Logs of individual jobs stored at " + jobsDir);
        journal.flush();
        log.flush();
        // the jobs run the working copy: a Python starts now, while git is asked about the code
        CompletableFuture<PythonClient.Probe> earlyProbe = settings.runInWorkingDir() && settings.environment().isPythonScript()
                ? probeClient(settings, options.cwd(), options.env()) : null;
        RunContext ctx = new RunContext(runId != null ? runId : UUID.randomUUID().toString(), settings, options, layout, journal,
                log, now, seed, previous, previousCommit, earlyProbe, oldResultsDeleted);
        metadata(ctx, null, null).write(layout.metadata());
        Files.writeString(layout.resolvedSettings(),
                JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(JsonValues.toJson(settings.resolved())) + "\n");
        ctx.milestones.mark(Milestones.Milestone.RUN_STARTED);
        return ctx;
    }

    /** {@code reached}: what the prepare stage made so far (null: nothing yet). */
    static Metadata metadata(RunContext ctx, Preparation reached, RunOutcome outcome) {
        Metadata m = new Metadata(ctx.settings.type().name(), ctx.startTime)
                .put("tool_version", Version.get())
                .put("settings_file", ctx.settings.settingsFile() == null ? null : ctx.settings.settingsFile().toString())
                .put("seed", ctx.seed)
                .put("jobs_dir", ctx.layout.jobsDir().toString());
        Backend b = reached == null ? null : reached.backend();
        if (b != null) {
            m.put("backend", b.kind());
        }
        if (reached != null && reached.git() != null) {
            m.put("git", reached.git().toMap());
        }
        if (outcome != null) {
            // the server's own CPU (jobs excluded): the overhead figure the benchmarks report
            ProcessHandle.current().info().totalCpuDuration()
                    .ifPresent(cpu -> m.put("server_cpu_seconds", cpu.toMillis() / 1000.0));
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            m.put("server_peak_heap_mb", Math.round(peak / 1048576.0));
            m.put("server_cpu_by_thread_seconds", ServerCpu.byThread());
            // bench/start-phases turns these into times since the command began
            m.put("server_jvm_started_at_ms", Milestones.jvmStartedAt());
            m.put("server_milestones_ms", ctx.milestones.sinceJvmStart());
            if (reached instanceof PreparedRun p) {
                m.put("rejected_messages", p.run().rejectedMessages());
                m.put("late_messages", p.run().lateMessages());
            }
            if (reached != null && reached.channel() != null) {
                m.put("malformed_datagrams", reached.channel().malformed());
            }
            m.put("end_time", Metadata.isoformat(LocalDateTime.now()))
                    .put("outcome", outcome.status().name().toLowerCase())
                    .put("outcome_message", outcome.message())
                    .put("succeeded", outcome.succeeded())
                    .put("failed", outcome.failed());
        }
        return m;
    }

    private static void restrict(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort, as the original's mode 0700
        }
    }

    /**
     * The checkout step: what the checkout stage is asked for. A resumed run runs the commit its
     * first process ran. Logs what is about to happen.
     */
    public Checkout checkout(RunContext ctx) {
        RunSettings s = ctx.settings;
        if (s.runInWorkingDir()) {
            return new Checkout(ctx.id, true, s.git(), ctx.options.cwd(), null, s.scriptRelativePath(), ctx.layout.uncommittedDiff());
        }
        GitParams params = s.git();
        if (params.commit() == null && ctx.previousCommit != null) {
            params = new GitParams(params.url(), params.branch(), ctx.previousCommit, params.depth(), params.removeLocalCopy());
        }
        ctx.log.info("Create local git clone of " + (params.url() == null ? "the current repository's origin" : params.url())
                + " in " + ctx.layout.projectDir() + " using branch " + (params.branch() == null ? "(default)" : params.branch()) + ", "
                + (params.depth() == null ? "full depth" : "depth " + params.depth()) + " and commit "
                + (params.commit() == null ? "latest" : params.commit()) + " ...");
        return new Checkout(ctx.id, false, params, ctx.options.cwd(), ctx.layout.projectDir(), s.scriptRelativePath(),
                ctx.layout.uncommittedDiff());
    }

    /**
     * The code step: {@code git} is what the checkout stage answered. Whether the job's Python can
     * import the cluster_utils client decides whether the bundled one goes on its path.
     */
    public RunCode code(RunContext ctx, GitInfo git) throws IOException {
        ctx.milestones.mark(Milestones.Milestone.CHECKED_OUT);
        RunSettings s = ctx.settings;
        RunOptions o = ctx.options;
        Path mainPath = s.runInWorkingDir() ? o.cwd() : ctx.layout.projectDir();
        if (s.runInWorkingDir()) {
            ctx.log.warning("Running without git repository, using local directory " + mainPath
                    + ". Make sure this is intentional!");
        } else if (git.commit() != null) {
            ctx.log.info("Using commit " + git.commit().substring(0, Math.min(7, git.commit().length()))
                    + " in each iteration");
        }
        CompletableFuture<PythonClient.Probe> clientProbe = ctx.earlyProbe;
        if (clientProbe == null && s.environment().isPythonScript()) {
            clientProbe = probeClient(s, mainPath, o.env());
        }
        if (git.dirty()) {
            ctx.log.warning("The working copy " + o.cwd() + " has uncommitted changes; their diff is saved in "
                    + git.diffFile());
        }
        Path clientDir = null;
        PythonClient.Probe probed = clientProbe == null ? null : clientProbe.join();
        if (probed != null && probed.note() != null) {
            ctx.log.warning("Could not ask the job's Python whether it can import cluster_utils: " + probed.note());
        }
        if (probed != null && !probed.importable()) {
            clientDir = PythonClient.install(RunLayout.pythonClientDir(RunLayout.cacheDir(o.env(), o.home()), Version.get()));
            ctx.log.info("The job's Python cannot import cluster_utils: using the bundled client from " + clientDir);
        }
        return new RunCode(git, mainPath, new JobCommand(s.environment(), mainPath, s.scriptRelativePath(), s.singularity(), clientDir));
    }

    /**
     * The backend step: the kind asked for or detected, created with the runner for scheduler
     * commands (sbatch, squeue, condor_q ...): the Camel wiring passes one on Camel's exec component.
     */
    public RunBackend backend(RunContext ctx, RunCode code, CommandRunner commands) {
        RunSettings s = ctx.settings;
        RunOptions o = ctx.options;
        String kind = o.backend() != null ? o.backend() : Backends.detect(o.env());
        if (kind == null) {
            kind = "local";
        }
        ctx.log.info(switch (kind) {
            case "condor" -> "CONDOR detected, running CONDOR job submission";
            case "slurm" -> "Slurm detected, running Slurm job submission";
            case "dryrun" -> "Dry run: writing Slurm scripts, submitting nothing";
            default -> "Running jobs with the " + kind + " backend";
        });
        boolean arrays = o.jobArrays() && s.type() == RunType.GRID_SEARCH;
        if (o.jobArrays() && !arrays) {
            ctx.log.warning("--slurm-array applies to grid_search only; hp_optimization submits job by job");
        }
        BackendLog backendLog = new BackendLog() {
            public void info(String message) {
                ctx.log.info(message);
            }

            public void warning(String message) {
                ctx.log.warning(message);
            }
        };
        Backend backend = backends.create(kind, s.cluster(), o.maxJobs(), Map.of(),
                BackendConfig.of(commands, backendLog, ctx.layout).withJobArrays(arrays));
        ctx.milestones.mark(Milestones.Milestone.BACKEND_READY);
        return new RunBackend(code, kind, backend, arrays);
    }

    /**
     * The channel step: where the run's job messages arrive, and the backend's pushed statuses go to
     * {@code sink}, which delivers to the run's single event consumer.
     */
    public RunChannel channel(RunContext ctx, RunBackend backend, Consumer<RunEvent> sink) throws IOException {
        String kind = backend.kind();
        InetAddress bind = ServerAddress.choose(ctx.options.listenAddress(), "local".equals(kind) || "dryrun".equals(kind));
        MessageChannel channel = openChannel(ctx, bind, sink);
        try {
            ctx.journal.append(new JournalEvent.Listening(clock.getAsLong(), channel.address()));
            ctx.log.info("Master script running on IP: " + bind.getHostAddress());
            ctx.log.info("Communication happening on address: " + channel.address());
            backend.backend().setStatusListener((h, st) -> sink.accept(new RunEvent.Statuses(Map.of(h, st))));
        } catch (RuntimeException e) {
            // the step that fails is given the backend only: the channel it opened is its own to close
            channel.close();
            throw e;
        }
        ctx.milestones.mark(Milestones.Milestone.CHANNEL_OPEN);
        return new RunChannel(backend, channel);
    }

    /**
     * The coordinator step: the planner (grid or optimizer), the result tables and the {@link Run},
     * restored from the earlier process's journal when resuming. The run is prepared from here on;
     * the caller sends {@link RunEvent.Begin} to its event consumer.
     */
    public void coordinator(RunContext ctx, RunChannel prepared) throws IOException {
        RunSettings s = ctx.settings;
        RunOptions o = ctx.options;
        RunBackend rb = prepared.runBackend();
        String kind = rb.kind();
        Backend backend = rb.backend();
        // dryrun writes Slurm's files, so its commands get srun too
        JobSpecs specs = new JobSpecs(ctx.layout, kind, s.name(), rb.code().command(), prepared.channel().address(),
                "slurm".equals(kind) || "dryrun".equals(kind) ? "srun " : "");
        ReportHook report = new ReportHook(ctx);
        Planner planner;
        ResultSink results;
        OptimizerStage optimizerStage = null;
        if (s.type() == RunType.GRID_SEARCH) {
            GridExpansion grid = new GridExpansion(s.grid().hyperparamList(), s.grid().restarts(), s.grid().samples(), ctx.seed);
            planner = new GridPlanner(grid);
            results = new GridResults(ctx.layout.allData(), ctx.layout.reducedData(), grid.parameterNames(), clock);
        } else {
            HpoSettings h = s.hpo();
            List<String> names = h.optimizedParams().stream().map(ParamSpec::param).toList();
            Optimizer optimizer = OptimizerFactory.create(h.optimizerStr(), h.optimizerSettings(), h.optimizedParams(),
                    h.optimization().objectives().minimize(), new SplittableRandom(ctx.seed));
            HpoSink hpoSink = new HpoSink(new HpoResults(ctx.layout.allData(), ctx.layout.reducedData(),
                    ctx.layout.paretoFront(), names, h.optimization().objectives()),
                    new BestJobs(ctx.layout, h.numBestJobsWhoseDataIsKept(), s.removeWorkingDirs(), ctx.log));
            optimizerStage = new OptimizerStage(optimizer);
            planner = new HpoPlanner(h.optimization(), names, closed -> {
                hpoSink.checkpoint(true);
                report.iterationClosed();
                ctx.log.info("starting new iteration: " + (closed + 1));
            });
            results = hpoSink;
        }
        boolean loadExisting = s.grid() != null && s.grid().loadExistingResults();
        Run.Options runOptions = new Run.Options(backend.maxInFlight(), backend.pollInterval().toMillis(), o.failureMargin(),
                loadExisting, rb.jobArrays() ? backend.maxBatchSize() : 1, o.hangTimeoutSeconds() * 1000)
                .withProcessDecides("local".equals(backend.kind()));
        Run run = new Run(s.name(), planner, ctx.tokens.recording(specs), ctx.journal, results, ctx.log, ctx.layout, s.fixedParams(),
                metricsFallback, clock, runOptions);
        if (s.hpo() != null && s.hpo().killBadJobsEarly()) {
            run.enableEarlyStopping(EarlyStopping.of(s.hpo().optimization().metricToOptimize(),
                    s.hpo().optimization().minimize(), s.hpo().earlyKilling()));
        } else if (s.grid() != null && s.grid().earlyStopping() != null) {
            EarlyStoppingSettings stopping = s.grid().earlyStopping();
            run.enableEarlyStopping(EarlyStopping.of(stopping.metric(), stopping.minimize(), stopping.rule()));
        }
        run.watchResultsDir();
        if (!ctx.previous.isEmpty()) {
            run.restore(ctx.previous, adoptLiveJobs(ctx.previous, backend, s.name(), ctx.log));
        }
        PreparedRun parts = new PreparedRun(prepared.git(), backend, prepared.channel(), run, results, report, optimizerStage);
        ctx.prepared(parts);
        metadata(ctx, parts, null).write(ctx.layout.metadata());
        ctx.milestones.mark(Milestones.Milestone.COORDINATOR_STARTED);
    }

    /** A resumed run listens where the crashed one did, so jobs still running reach it; else any free port. */
    private MessageChannel openChannel(RunContext ctx, InetAddress bind, Consumer<RunEvent> sink) throws IOException {
        String before = ctx.previous.stream().filter(e -> e instanceof JournalEvent.Listening)
                .map(e -> ((JournalEvent.Listening) e).address()).reduce((a, b) -> b).orElse(null);
        if (before != null && before.startsWith(bind.getHostAddress() + ":")) {
            try {
                int port = Integer.parseInt(before.substring(before.lastIndexOf(':') + 1));
                return channels.open(bind, port, m -> sink.accept(new RunEvent.Message(m)));
            } catch (IOException | NumberFormatException e) {
                ctx.log.info("Could not listen on " + before + " again (" + e.getMessage() + "); jobs still running "
                        + "will report through metrics.csv");
            }
        }
        return channels.open(bind, 0, m -> sink.accept(new RunEvent.Message(m)));
    }

    /**
     * Unfinished jobs of the journal that the backend still runs: job id to the handle to follow.
     * The journal holds every job's intent (id, token, working dir) before the backend is asked, so
     * a job whose handle never reached the journal (a crash between the process start, or the
     * scheduler's answer, and the next journal line) is looked for by its token or its name
     * ({@code <run name>_<id>}) rather than started a second time.
     */
    private static Map<Long, JobHandle> adoptLiveJobs(List<JournalEvent> events, Backend backend,
                                                                               String runName, RunLog log) {
        Map<Long, Long> tokens = new LinkedHashMap<>();
        Map<Long, String> handles = new HashMap<>();
        Set<Long> finished = new HashSet<>();
        for (JournalEvent e : events) {
            if (e instanceof JournalEvent.JobCreated c) {
                tokens.put(c.id(), c.token());
            } else if (e instanceof JournalEvent.JobSubmitted c) {
                handles.put(c.id(), c.handle());
            } else if (e instanceof JournalEvent.JobResubmitting c) {
                // the next submission's handle is not known yet: the recorded one is a process that ended
                handles.remove(c.id());
            } else if (e instanceof JournalEvent.JobSucceeded c) {
                finished.add(c.id());
            } else if (e instanceof JournalEvent.JobFailed c) {
                finished.add(c.id());
            } else if (e instanceof JournalEvent.JobNotRun c) {
                finished.add(c.id());
            }
        }
        Map<Long, JobHandle> adopted = new HashMap<>();
        tokens.forEach((id, token) -> {
            if (finished.contains(id)) {
                return;
            }
            String handle = handles.get(id);
            JobHandle h = handle != null ? backend.adopt(handle, token)
                    : backend.adoptUnrecorded(token, runName + "_" + id);
            if (h != null) {
                if (handle == null) {
                    log.info("Job " + id + " was started before the restart but its handle was never recorded: found it as "
                            + h.id());
                }
                adopted.put(id, h);
            }
        });
        return adopted;
    }

    private static CompletableFuture<PythonClient.Probe> probeClient(RunSettings s, Path mainPath, Map<String, String> env) {
        return EarlyProbes.take(s.environment(), mainPath, env);
    }

    /**
     * Starts, ahead of the run, the probe of the job's Python that {@link #start} will take: only
     * where the jobs run the working copy (a clone's directory is not known before the checkout).
     */
    public static void probeAhead(RunSettings settings, RunOptions options) {
        if (settings.runInWorkingDir() && settings.environment().isPythonScript()) {
            EarlyProbes.start(settings.environment(), options.cwd(), options.env());
        }
    }

    /** The commit recorded in an earlier process's metadata.json, if any. */
    private static String previousCommit(Path metadata) {
        try {
            if (!Files.exists(metadata)) {
                return null;
            }
            JsonNode commit = JsonValues.MAPPER.readTree(metadata.toFile()).path("git").path("commit");
            return commit.isTextual() && !commit.asText().isBlank() ? commit.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
