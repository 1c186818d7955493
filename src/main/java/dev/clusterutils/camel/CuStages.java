package dev.clusterutils.camel;

import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.protocol.JobMessage;
import dev.clusterutils.protocol.MessageDecoder;
import dev.clusterutils.run.Action;
import dev.clusterutils.run.Milestones;
import dev.clusterutils.run.Preparation;
import dev.clusterutils.run.RunBackend;
import dev.clusterutils.run.RunChannel;
import dev.clusterutils.run.RunCode;
import dev.clusterutils.run.RunContext;
import dev.clusterutils.run.RunEvent;
import dev.clusterutils.run.RunFactory;
import dev.clusterutils.run.RunFinisher;
import dev.clusterutils.run.RunOptions;
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.run.RunRequest;
import dev.clusterutils.run.RunRequests;
import dev.clusterutils.run.RunStatus;
import dev.clusterutils.run.StageWatch;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.RunType;
import dev.clusterutils.settings.SettingsException;
import dev.clusterutils.workspace.Checkout;
import dev.clusterutils.workspace.GitCheckout;
import dev.clusterutils.workspace.GitInfo;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.seda.SedaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind every route of the pipeline: it moves bodies between the endpoints and the
 * plain-Java run classes, and decides nothing itself.
 */
public final class CuStages {
    private static final int SUBMIT_TRIES = 5;
    /** {@code cu.stage-timeout}: seconds a stage may leave a submission or poll unanswered before the run ends. */
    public static final String STAGE_TIMEOUT = "cu.stage-timeout";
    static final long DEFAULT_STAGE_TIMEOUT_SECONDS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(CuStages.class);

    private final RunFactory factory;
    private final RunRegistry registry;
    private final Map<String, RunStatus> lastPublished = new ConcurrentHashMap<>();
    private final Map<String, StageWatch> watches = new ConcurrentHashMap<>();
    /** Per run: the job id of each handle, so a forgotten handle forgets its job's token (event thread only). */
    private final Map<String, Map<JobHandle, Long>> jobsByHandle = new ConcurrentHashMap<>();
    /** Jobs an approval step refused ({@link CuJobs#refused}), as run id/job id, until the submit stage leaves them out. */
    private final Set<String> vetoed = ConcurrentHashMap.newKeySet();
    /** Per run: why cancelling some of its jobs failed; the outcome then does not claim that every job stopped. */
    private final Map<String, List<NotCancelled>> cancelFailures = new ConcurrentHashMap<>();

    /** A cancel that failed: how many jobs it was for (a bulk cancel is one failure of many jobs) and what it says. */
    record NotCancelled(int jobs, String text) { }
    private volatile ProducerTemplate producer;
    /** Job messages that reached the message stage, over the process's life (for /metrics). */
    private final AtomicLong messagesReceived = new AtomicLong();
    /** Rejected messages and malformed datagrams of runs that ended; live runs add their own. */
    private final AtomicLong rejectedOfEndedRuns = new AtomicLong();

    /**
     * @param factory the base wiring of runs; a host's {@link CuExtensions} beans are applied on top
     *                of it when each run starts
     */
    public CuStages(RunFactory factory, RunRegistry registry) {
        this.factory = factory;
        this.registry = registry;
    }

    /** The production wiring: UDP messages, metrics.csv fallback, wall clock, built-in backends. */
    public static CuStages production() {
        return new CuStages(RunFactory.production(), new RunRegistry());
    }

    public RunRegistry registry() {
        return registry;
    }

    private ProducerTemplate producer(CamelContext camel) {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }

    private RunContext context(Exchange exchange) {
        return registry.get(exchange.getMessage().getHeader(CuHeaders.RUN_ID, String.class));
    }

    /** direct:cu-start — settings (loaded here unless the body is a request), results dir, journal, metadata. */
    public void start(Exchange exchange) throws Exception {
        Message msg = exchange.getMessage();
        RunRequest request = request(exchange);
        String id = msg.getHeader(CuHeaders.RUN_ID, String.class);
        if (id == null || id.isBlank()) {
            id = UUID.randomUUID().toString();
        } else if (registry.contains(id)) {
            throw new IllegalArgumentException("run id " + id + " is in use by a live run");
        }
        long stageTimeout = stageTimeoutMillis(exchange.getContext());
        Path results = request.settings().resultsDir();
        registry.reserve(results, id);
        RunContext ctx;
        try {
            ctx = CuExtensions.apply(exchange.getContext(), factory).start(request.settings(), request.options(), id);
        } catch (Exception | Error e) {
            registry.release(results, id);
            throw e;
        }
        watches.put(ctx.id, new StageWatch(stageTimeout));
        registry.add(ctx);
        msg.setHeader(CuHeaders.RUN_ID, ctx.id);
        msg.setBody(ctx);
    }

    private static long stageTimeoutMillis(CamelContext camel) {
        String value = CuExtensions.properties(camel).apply(STAGE_TIMEOUT);
        if (value == null || value.isBlank()) {
            return DEFAULT_STAGE_TIMEOUT_SECONDS * 1000;
        }
        try {
            return Math.round(Double.parseDouble(value.strip()) * 1000);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(STAGE_TIMEOUT + "=" + value + ": not a number of seconds (0: no watchdog)");
        }
    }

    /** What the start endpoint accepts, turned into a validated request. */
    private static RunRequest request(Exchange exchange) throws SettingsException {
        Message msg = exchange.getMessage();
        Object body = msg.getBody();
        if (body instanceof RunRequest r) {
            return r;
        }
        Function<String, String> properties = properties(exchange);
        RunOptions given = msg.getHeader(CuHeaders.OPTIONS, RunOptions.class);
        RunRequest request;
        if (body instanceof RunSettings s) {
            request = RunRequests.fromSettings(s, properties);
        } else if (body instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> tree = (Map<String, ?>) m;
            Object origin = msg.getHeader(CuHeaders.SETTINGS_ORIGIN);
            request = RunRequests.fromTree(tree, origin == null ? null : Path.of(origin.toString()), type(msg), overrides(msg),
                    properties);
        } else {
            Path file = body instanceof Path p ? p : body instanceof File f ? f.toPath()
                    : body instanceof String s ? Path.of(s.trim()) : null;
            if (file == null) {
                File converted = msg.getBody(File.class);
                if (converted == null) {
                    throw new IllegalArgumentException("direct:cu-start takes a RunRequest, a settings file (Path, File, String) "
                            + "or a settings map, not " + (body == null ? "an empty body" : body.getClass().getName()));
                }
                file = converted.toPath();
            }
            request = RunRequests.fromFile(file, type(msg), overrides(msg), properties);
        }
        return given == null ? request : new RunRequest(request.settings(), given);
    }

    /** The run's properties: the message's own ({@link CuHeaders#PROPERTIES}) over the CamelContext's. */
    private static Function<String, String> properties(Exchange exchange) {
        Function<String, String> context = CuExtensions.properties(exchange.getContext());
        Map<?, ?> own = exchange.getMessage().getHeader(CuHeaders.PROPERTIES, Map.class);
        if (own == null || own.isEmpty()) {
            return context;
        }
        return key -> own.containsKey(key) ? String.valueOf(own.get(key)) : context.apply(key);
    }

    private static RunType type(Message msg) {
        Object t = msg.getHeader(CuHeaders.RUN_TYPE);
        if (t == null) {
            return null;
        }
        if (t instanceof RunType rt) {
            return rt;
        }
        for (RunType rt : RunType.values()) {
            if (rt.command().equalsIgnoreCase(t.toString().trim()) || rt.name().equalsIgnoreCase(t.toString().trim())) {
                return rt;
            }
        }
        throw new IllegalArgumentException(CuHeaders.RUN_TYPE + " '" + t + "' is neither grid_search nor hp_optimization");
    }

    private static List<String> overrides(Message msg) {
        Object o = msg.getHeader(CuHeaders.OVERRIDES);
        if (o == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (o instanceof Iterable<?> it) {
            it.forEach(x -> out.add(String.valueOf(x)));
        } else if (o instanceof String[] a) {
            out.addAll(Arrays.asList(a));
        } else {
            o.toString().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(out::add);
        }
        return out;
    }

    /** direct:cu-start, last step — the reply: the run is going. */
    public void started(Exchange exchange) {
        RunContext ctx = context(exchange);
        if (ctx != null) {
            exchange.getMessage().setBody(new RunStarted(ctx.id, ctx.settings.name(), ctx.layout.resultsDir()));
        }
    }

    // direct:cu-prepare: each step takes the previous step's immutable answer (run.Preparation) and
    // finds the run by header CuRunId. A failure before the run's first event ends it there: the
    // route's doCatch calls checkoutFailed or prepareFailed, whose answer (RunCompleted) is the reply.

    /** direct:cu-prepare, checkout step — the run (body) becomes what the checkout stage is asked for. */
    public Checkout checkoutRequest(Exchange exchange) {
        return factory(exchange).checkout(context(exchange));
    }

    /** direct:cu-prepare — the checkout stage's answer must be a GitInfo; anything else is a failed checkout. */
    public GitInfo checkedOut(Exchange exchange) {
        Object git = exchange.getMessage().getBody();
        if (git instanceof GitInfo info) {
            return info;
        }
        throw new IllegalStateException("the checkout stage answered " + (git == null ? "nothing" : git.getClass().getName())
                + ", not a GitInfo");
    }

    /** direct:cu-prepare, doCatch of the checkout — the run ends before any job: NOT_STARTED, exit code 2. */
    public RunCompleted checkoutFailed(Exchange exchange) {
        RunContext ctx = context(exchange);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = fullReason(e);
        LOG.warn("Run {}: checkout failed: {}", ctx.settings.name(), why);
        ctx.log.error("Checkout failed: " + why + "\n" + trace(e));
        registry.remove(ctx.id);
        forget(ctx.id);
        RunFinisher.notStarted(ctx, "The code could not be checked out: " + why);
        registry.release(ctx.layout.resultsDir(), ctx.id);
        // the caller's reply: the run ended before it began
        return publishCompleted(exchange.getContext(), ctx);
    }

    /** direct:cu-prepare, code step — GitInfo to RunCode: the jobs' directory and command. */
    public RunCode code(Exchange exchange) throws Exception {
        return factory(exchange).code(context(exchange), exchange.getMessage().getMandatoryBody(GitInfo.class));
    }

    /** direct:cu-prepare, backend step — RunCode to RunBackend; scheduler commands go through Camel's exec. */
    public RunBackend backend(Exchange exchange) throws Exception {
        return factory(exchange).backend(context(exchange), exchange.getMessage().getMandatoryBody(RunCode.class),
                new CamelCommandRunner(exchange.getContext()));
    }

    /** direct:cu-prepare, channel step — RunBackend to RunChannel: the run's cu-udp consumer (or a host's channel). */
    public RunChannel channel(Exchange exchange) throws Exception {
        RunContext ctx = context(exchange);
        return factory(exchange).channel(ctx, exchange.getMessage().getMandatoryBody(RunBackend.class),
                sink(producer(exchange.getContext()), ctx));
    }

    /** direct:cu-prepare, coordinator step — RunChannel to the run's first event, {@link RunEvent.Begin}. */
    public RunEvent coordinator(Exchange exchange) throws Exception {
        factory(exchange).coordinator(context(exchange), exchange.getMessage().getMandatoryBody(RunChannel.class));
        return new RunEvent.Begin();
    }

    /**
     * direct:cu-prepare, doCatch of the other steps — the run ends before any job: ABORTED with the
     * exception's message (exit code 1, as missing cluster_requirements always did). The failed step
     * is known by what it was given (the body), which is closed.
     */
    public RunCompleted prepareFailed(Exchange exchange) {
        RunContext ctx = context(exchange);
        Throwable e = cause(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Object body = exchange.getMessage().getBody();
        String step = body instanceof RunChannel ? "coordinator" : body instanceof RunBackend ? "channel"
                : body instanceof RunCode ? "backend" : body instanceof GitInfo ? "code" : "checkout request";
        // the console gets the outcome's message (the caller prints it); the step and the trace go to the log
        ctx.log.error("The " + step + " step of the prepare stage failed: " + reason(e) + "\n" + trace(e));
        registry.remove(ctx.id);
        forget(ctx.id);
        RunFinisher.failed(ctx, e, body instanceof Preparation p ? p : null);
        registry.release(ctx.layout.resultsDir(), ctx.id);
        // the caller's reply: the run ended before it began
        return publishCompleted(exchange.getContext(), ctx);
    }

    /** direct:cu-checkout — the default stage: git through its own exec endpoint; the reply is what the code is. */
    public GitInfo checkout(Exchange exchange) throws Exception {
        Checkout request = exchange.getMessage().getMandatoryBody(Checkout.class);
        return request.perform(new GitCheckout(new CamelCommandRunner(exchange.getContext(), CuEndpoints.GIT)));
    }

    /**
     * Where a run's own sources deliver: job messages to the message stage, named by run and job id,
     * everything else (a backend's pushed statuses) to the run's events.
     */
    public static Consumer<RunEvent> sink(ProducerTemplate p, RunContext ctx) {
        return event -> {
            if (event instanceof RunEvent.Message m) {
                Map<String, Object> headers = new HashMap<>(4);
                headers.put(CuHeaders.RUN_ID, ctx.id);
                Long id = ctx.tokens.idOf(m.message().jobId());
                if (id != null) {
                    headers.put(CuHeaders.JOB_ID, id);
                }
                Exchange sent = p.send(CuEndpoints.MESSAGES, x -> {
                    x.getMessage().setBody(m.message());
                    x.getMessage().setHeaders(headers);
                });
                if (sent.getException() != null) {
                    // a step on the way to the message stage (an intercept) failed: the message never reaches the run
                    String line = "Stage cu-messages failed (message " + m.message().type() + (id == null ? "" : " of job " + id)
                            + "): " + reason(sent.getException());
                    LOG.warn("Run {}: {}", ctx.settings.name(), line);
                    ctx.log.error(line + "\n" + trace(sent.getException()));
                    p.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.MessageRejected(reason(sent.getException())),
                            CuHeaders.RUN_ID, ctx.id);
                }
            } else {
                p.sendBodyAndHeader(CuEndpoints.EVENTS, event, CuHeaders.RUN_ID, ctx.id);
            }
        };
    }

    /**
     * seda:cu-messages — a job message (decoded, or a raw datagram as {@code byte[]}) becomes the
     * run's event. Header {@link CuHeaders#RUN_ID} names the run.
     */
    public RunEvent message(Exchange exchange) throws Exception {
        messagesReceived.incrementAndGet();
        Object body = exchange.getMessage().getBody();
        if (body instanceof JobMessage m) {
            return new RunEvent.Message(m);
        }
        if (body instanceof RunEvent.Message m) {
            return m;
        }
        if (body instanceof byte[] datagram) {
            return new RunEvent.Message(new MessageDecoder().decode(datagram));
        }
        throw new IllegalArgumentException("seda:cu-messages takes a JobMessage or a datagram (byte[]), not "
                + (body == null ? "an empty body" : body.getClass().getName()));
    }

    private RunFactory factory(Exchange exchange) {
        return CuExtensions.apply(exchange.getContext(), factory);
    }

    /**
     * The event stage's split: each action as a message of its own, with the event's headers and its
     * kind in {@link CuHeaders#ACTION}. Setting the header here costs one call per event; a simple
     * expression per action ({@code ${body.class.simpleName}}) went through Camel's bean introspection
     * each time.
     */
    public List<Message> actions(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof List<?> actions) || actions.isEmpty()) {
            return List.of();
        }
        Map<String, Object> headers = exchange.getMessage().getHeaders();
        List<Message> out = new ArrayList<>(actions.size());
        for (Object action : actions) {
            DefaultMessage m = new DefaultMessage(exchange.getContext());
            m.setHeaders(new HashMap<>(headers));
            m.setHeader(CuHeaders.ACTION, action == null ? "null" : action.getClass().getSimpleName());
            m.setBody(action);
            out.add(m);
        }
        return out;
    }

    /** seda:cu-events — the run decides; the body becomes the list of actions for the split. */
    public List<Action> onEvent(Exchange exchange) {
        RunContext ctx = context(exchange);
        RunEvent event = exchange.getMessage().getBody(RunEvent.class);
        if (ctx == null || ctx.run() == null) {
            // a route reported a job it submitted after the run had ended: it must not outlive the run
            return event instanceof RunEvent.Submitted s && registry.get(idOf(exchange)) == null && idOf(exchange) != null
                    ? List.of(new Action.Cancel(s.handle())) : List.of();
        }
        StageWatch watch = watches.get(ctx.id);
        List<Action> actions;
        try {
            if (watch != null) {
                watch.received(event);
            }
            if (event instanceof RunEvent.Submitted sub) {
                jobsByHandle.computeIfAbsent(ctx.id, k -> new HashMap<>()).put(sub.handle(), sub.jobId());
            }
            actions = new ArrayList<>(ctx.run().on(event));
            if (watch != null && event instanceof RunEvent.Tick) {
                String stalled = watch.stalled(System.currentTimeMillis());
                if (stalled != null) {
                    LOG.warn("Run {}: {}", ctx.settings.name(), stalled);
                    actions.addAll(ctx.run().on(new RunEvent.Abort(stalled)));
                }
            }
        } catch (RuntimeException e) {
            // never leave jobs running because the coordinator failed: stop them and end the run
            registry.remove(ctx.id);
            RunFinisher.failed(ctx, e);
            registry.release(ctx.layout.resultsDir(), ctx.id);
            forget(ctx.id);
            publishCompleted(exchange.getContext(), ctx);
            return List.of();
        }
        long now = System.currentTimeMillis();
        List<Action> routed = new ArrayList<>(actions.size());
        List<JobHandle> cancels = new ArrayList<>();
        for (Action a : actions) {
            if (watch != null) {
                watch.sent(a, now);
            }
            if (a instanceof Action.Cancel c && !CuJobs.KIND.equals(c.handle().backend())) {
                cancels.add(c.handle());
            } else {
                // jobs a route submitted are cancelled through direct:cu-cancel, one by one: the route knows them
                routed.add(a);
            }
        }
        if (cancels.size() == 1) {
            routed.add(0, new Action.Cancel(cancels.get(0)));
        } else if (!cancels.isEmpty()) {
            // an abort or Ctrl-C cancels every live job: one scancel for hundreds, not hundreds of scancels,
            // and (first in the list, through a direct endpoint) before the finish stage closes the backend
            routed.add(0, new Action.CancelAll(cancels));
        }
        return routed;
    }

    private static String idOf(Exchange exchange) {
        return exchange.getMessage().getHeader(CuHeaders.RUN_ID, String.class);
    }

    /** An approval step refused the job: the submit stages leave it out of the submission. */
    public void veto(String runId, long jobId) {
        if (runId != null && registry.contains(runId)) {
            vetoed.add(runId + "/" + jobId);
        }
    }

    /**
     * Whether a submit stage should still submit this job: false once its run has ended (a queued
     * submission is dropped) or when an approval step refused it.
     */
    public boolean wanted(String runId, long jobId) {
        return registry.contains(runId) && !vetoed.remove(runId + "/" + jobId);
    }

    private void forget(String runId) {
        watches.remove(runId);
        jobsByHandle.remove(runId);
        cancelFailures.remove(runId);
        lastPublished.remove(runId);
        vetoed.removeIf(k -> k.startsWith(runId + "/"));
    }

    private void cancelFailed(RunContext ctx, int jobs, String what, Throwable e) {
        String reason = reason(e);
        cancelFailures.computeIfAbsent(ctx.id, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new NotCancelled(jobs, what + ": " + reason));
        LOG.warn("Run {}: cancelling {} failed: {}", ctx.settings.name(), what, reason);
        ctx.log.error("Cancelling " + what + " failed, it may still be running: " + reason + "\n" + trace(e));
    }

    /**
     * seda:cu-submit — hand one job, or a batch (a Slurm job array), to the backend; transient refusals
     * are retried with back-off. The answer is one event per job, for the split that follows.
     */
    public List<RunEvent> submit(Exchange exchange) throws InterruptedException {
        RunContext ctx = context(exchange);
        Object body = exchange.getMessage().getBody();
        List<JobSpec> all = body instanceof Action.SubmitBatch b ? b.specs()
                : List.of(exchange.getMessage().getBody(Action.Submit.class).spec());
        if (ctx == null) {
            return List.of(); // the run has ended: nothing more is submitted for it
        }
        List<JobSpec> specs = all.stream().filter(s -> wanted(ctx.id, s.jobId())).toList();
        if (specs.isEmpty()) {
            return List.of();
        }
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                List<JobHandle> handles = specs.size() == 1
                        ? List.of(ctx.backend().submit(specs.get(0)))
                        : ctx.backend().submitBatch(specs);
                ctx.milestones.mark(Milestones.Milestone.FIRST_SUBMITTED);
                List<RunEvent> events = new ArrayList<>(specs.size());
                for (int i = 0; i < specs.size(); i++) {
                    events.add(new RunEvent.Submitted(specs.get(i).jobId(), handles.get(i)));
                }
                return events;
            } catch (BackendException e) {
                if (!e.isTransient() || attempt >= SUBMIT_TRIES) {
                    return failed(specs, e.getMessage());
                }
                String what = specs.size() == 1 ? "job " + specs.get(0).jobId() : specs.size() + " jobs";
                ctx.log.warning("Submission of " + what + " failed (" + e.getMessage() + "), retrying in " + backoff + " ms");
                Thread.sleep(backoff);
                backoff *= 2;
            }
        }
    }

    private static List<RunEvent> failed(List<JobSpec> specs, String reason) {
        return specs.stream().map(s -> (RunEvent) new RunEvent.SubmitFailed(s.jobId(), reason)).toList();
    }

    /** direct:cu-cancel */
    public void cancel(Exchange exchange) {
        RunContext ctx = context(exchange);
        JobHandle handle = exchange.getMessage().getBody(Action.Cancel.class).handle();
        if (CuJobs.KIND.equals(handle.backend())) {
            // a route's job: only a route that replaces this stage can stop it
            if (ctx != null) {
                cancelFailed(ctx, 1, "job " + handle, new IllegalStateException("the route that submitted it does not "
                        + "replace direct:cu-cancel"));
            }
        } else if (ctx != null) {
            ctx.backend().cancel(handle);
        }
    }

    /** direct:cu-cancel-all — the run's own jobs cancelled in one call; a failure is named in the outcome. */
    public void cancelAll(Exchange exchange) {
        RunContext ctx = context(exchange);
        List<JobHandle> handles = exchange.getMessage().getBody(Action.CancelAll.class).handles();
        if (ctx == null || handles.isEmpty()) {
            return;
        }
        try {
            ctx.backend().cancelAll(handles);
        } catch (RuntimeException e) {
            cancelFailed(ctx, handles.size(), handles.size() + " jobs (" + handles.get(0) + ", ...)", e);
        }
    }

    /** direct:cu-forget — a job that ended: its backend and the message stage's token map let go of it. */
    public void forgetJob(Exchange exchange) {
        RunContext ctx = context(exchange);
        JobHandle handle = exchange.getMessage().getBody(Action.Forget.class).handle();
        if (ctx == null) {
            return;
        }
        ctx.backend().forget(handle);
        Map<JobHandle, Long> ids = jobsByHandle.get(ctx.id);
        Long id = ids == null ? null : ids.remove(handle);
        if (id != null) {
            ctx.tokens.forget(id);
        }
    }

    /**
     * The event stage's {@code otherwise}: an action whose kind (header {@link CuHeaders#ACTION}) no
     * stage takes. Waiting on would hang the run, so it ends (ABORTED, jobs cancelled).
     */
    public void unrouted(Exchange exchange) {
        String kind = exchange.getMessage().getHeader(CuHeaders.ACTION, String.class);
        Object body = exchange.getMessage().getBody();
        String reason = "No stage takes the action " + (body == null ? "null" : body.getClass().getSimpleName())
                + " (" + CuHeaders.ACTION + "=" + kind + "). Ending the run: all jobs were stopped.";
        RunContext ctx = context(exchange);
        if (ctx != null) {
            // the run's end says it, once, on the console and in its log
            producer(exchange.getContext()).sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Abort(reason), CuHeaders.RUN_ID, ctx.id);
        } else {
            LOG.warn("Run {}: {}", idOf(exchange), reason);
        }
    }

    /** seda:cu-poll — one batched status query; a failure is reported, never turned into failed jobs. */
    public RunEvent poll(Exchange exchange) {
        RunContext ctx = context(exchange);
        if (ctx == null) {
            return null;
        }
        // jobs a route submitted (CuJobs) are reported by that route; the backend does not know them
        List<JobHandle> own = new ArrayList<>();
        for (JobHandle h : exchange.getMessage().getBody(Action.Poll.class).handles()) {
            if (!CuJobs.KIND.equals(h.backend())) {
                own.add(h);
            }
        }
        if (own.isEmpty()) {
            return new RunEvent.Statuses(Map.of()); // answered: the routes report their own jobs
        }
        try {
            Map<JobHandle, JobStatus> statuses = ctx.backend().poll(own);
            return new RunEvent.Statuses(statuses);
        } catch (BackendException | RuntimeException e) {
            return new RunEvent.PollFailed(e.getMessage());
        }
    }

    /** direct:cu-finish — tables, metadata, cleanup; then the completion event. */
    public void finish(Exchange exchange) {
        RunContext ctx = context(exchange);
        if (ctx == null) {
            return;
        }
        RunOutcome outcome = exchange.getMessage().getBody(Action.Finish.class).outcome();
        rejectedOfEndedRuns.addAndGet(rejected(ctx));
        registry.remove(ctx.id);
        dropQueuedSubmissions(exchange.getContext(), ctx.id);
        List<NotCancelled> notCancelled = cancelFailures.get(ctx.id);
        if (notCancelled != null && !notCancelled.isEmpty()) {
            outcome = notAllStopped(outcome, notCancelled);
        }
        forget(ctx.id);
        RunOutcome finalOutcome = outcome;
        CamelContext camel = exchange.getContext();
        // closing the backend, the tables, the report and the deletes take seconds to minutes: not on the
        // one event consumer every run shares. Not a Camel consumer either, so Camel's shutdown cannot stop
        // it before the Finish is handled: a stopping context waits for the run's outcome (stopAll)
        FINISHING.execute(() -> {
            try {
                RunFinisher.finish(ctx, finalOutcome);
            } finally {
                registry.release(ctx.layout.resultsDir(), ctx.id);
                try {
                    publishCompleted(camel, ctx);
                } catch (RuntimeException e) {
                    // a context stopped meanwhile (its stop waited for this run's outcome): nobody is left to tell
                    LOG.debug("Run {}: completion not published: {}", ctx.settings.name(), e.toString());
                }
            }
        });
    }

    /** Where runs finish: daemon threads, so a finished process exits; whoever needs a run's end waits for its outcome. */
    private static final ExecutorService FINISHING = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "cu-finish-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    /** The run said every job stopped; some cancellations failed, so it says which instead. */
    static RunOutcome notAllStopped(RunOutcome outcome, List<NotCancelled> failures) {
        String head = outcome.message().replace(" all jobs were stopped.", "").replace("all jobs were stopped.", "");
        List<NotCancelled> all;
        synchronized (failures) {
            all = List.copyOf(failures);
        }
        int jobs = all.stream().mapToInt(NotCancelled::jobs).sum();
        String message = head + (head.endsWith(":") || head.endsWith(".") ? " " : ". ") + jobs
                + " job(s) could not be cancelled and may still be running: "
                + String.join("; ", all.stream().map(NotCancelled::text).toList());
        return new RunOutcome(outcome.status(), message, outcome.succeeded(), outcome.failed());
    }

    /** Submissions of the ended run still waiting in the submit queue never reach a stage. */
    private static void dropQueuedSubmissions(CamelContext camel, String runId) {
        if (camel.hasEndpoint(CuEndpoints.SUBMIT) instanceof SedaEndpoint seda) {
            seda.getQueue().removeIf(x -> runId.equals(x.getMessage().getHeader(CuHeaders.RUN_ID)));
        }
    }

    /**
     * The onException of the route configuration {@code cu-errors}, which every pipeline route (and
     * a replacement that declares {@code routeConfigurationId: "cu-*"}) takes: whatever threw in a
     * stage, a user's step included, becomes the stage's documented outcome. A submission fails its
     * jobs with the exception's message, a poll is retried, a cancel is reported in the outcome, a
     * job message counts as rejected; one line goes to the console and the trace to cluster_run.log.
     */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        if (route == null) {
            route = exchange.getFromRouteId();
        }
        String reason = reason(e);
        String runId = idOf(exchange);
        RunContext ctx = registry.get(runId);
        Object body = exchange.getMessage().getBody();
        Long jobHeader = exchange.getMessage().getHeader(CuHeaders.JOB_ID, Long.class);
        ProducerTemplate p = producer(exchange.getContext());
        String what;
        boolean isMessage = body instanceof RunEvent.Message || body instanceof JobMessage
                || body instanceof byte[] || "cu-messages".equals(route);
        if (body instanceof Action.Submit || body instanceof Action.SubmitBatch
                || (jobHeader != null && !isMessage && !(body instanceof Action) && !(body instanceof RunEvent))) {
            List<JobSpec> specs = body instanceof Action.Submit s ? s.specs() : body instanceof Action.SubmitBatch b ? b.specs() : null;
            List<Long> ids = specs != null ? specs.stream().map(JobSpec::jobId).toList() : List.of(jobHeader);
            what = "submission of job " + ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
            if (ctx != null) {
                for (Long id : ids) {
                    p.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.SubmitFailed(id, reason), CuHeaders.RUN_ID, runId);
                }
            }
        } else if (optimizerStage(exchange, body) != null) {
            String stage = optimizerStage(exchange, body);
            what = stage;
            if (ctx != null) {
                p.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Abort("The optimizer stage failed (" + stage + "): " + reason
                        + ". Ending the run: all jobs were stopped."), CuHeaders.RUN_ID, runId);
            }
        } else if (body instanceof Action.Poll) {
            what = "status query";
            if (ctx != null) {
                p.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.PollFailed(reason), CuHeaders.RUN_ID, runId);
            }
        } else if (body instanceof Action.Cancel c) {
            if (ctx != null) {
                cancelFailed(ctx, 1, "job " + c.handle(), e);
            }
            return;
        } else if (body instanceof Action.CancelAll c) {
            if (ctx != null && !c.handles().isEmpty()) {
                cancelFailed(ctx, c.handles().size(), c.handles().size() + " jobs (" + c.handles().get(0) + ", ...)", e);
            }
            return;
        } else if (body instanceof Action.Forget f) {
            what = "forgetting job " + f.handle();
        } else if (body instanceof RunEvent.Message || body instanceof JobMessage
                || body instanceof byte[] || "cu-messages".equals(route)) {
            Object type = body instanceof RunEvent.Message m ? m.message().type()
                    : body instanceof JobMessage m ? m.type() : null;
            Long job = exchange.getMessage().getHeader(CuHeaders.JOB_ID, Long.class);
            what = "message" + (type == null ? "" : " " + type) + (job == null ? "" : " of job " + job);
            if (ctx != null) {
                p.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.MessageRejected(reason), CuHeaders.RUN_ID, runId);
            }
        } else if (body instanceof Action.Finish f) {
            what = "end of the run";
            if (ctx != null) {
                // into the run's log while it is open: finishing closes it
                ctx.log.error("Stage " + route + " failed (" + what + "): " + reason + "\n" + trace(e));
                // the run must still end: its tables, its outcome for whoever waits
                rejectedOfEndedRuns.addAndGet(rejected(ctx));
                registry.remove(ctx.id);
                forget(ctx.id);
                RunFinisher.finish(ctx, new RunOutcome(f.outcome().status(), f.outcome().message() + " (finishing failed: "
                        + reason + ")", f.outcome().succeeded(), f.outcome().failed()));
                registry.release(ctx.layout.resultsDir(), ctx.id);
                publishCompleted(exchange.getContext(), ctx);
                ctx = null;
            }
        } else {
            what = body == null ? "a message" : body.getClass().getSimpleName();
        }
        String line = "Stage " + route + " failed (" + what + "): " + reason;
        LOG.warn(ctx != null ? "Run " + ctx.settings.name() + ": " + line : line);
        if (ctx != null) {
            ctx.log.error(line + "\n" + trace(e));
        }
    }

    /** "ask" or "tell" when the exchange came from the optimizer stage (a replacement's body may be anything by now). */
    private static String optimizerStage(Exchange exchange, Object body) {
        if (body instanceof Action.Ask) {
            return "ask";
        }
        if (body instanceof Action.Tell) {
            return "tell";
        }
        String from = exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointUri();
        if (from.startsWith("seda://cu-ask")) {
            return "ask";
        }
        if (from.startsWith("seda://cu-tell")) {
            return "tell";
        }
        return null;
    }

    private static String reason(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        Throwable t = e;
        while (t.getCause() != null && (t instanceof CamelExecutionException
                || t instanceof RuntimeCamelException || t.getMessage() == null)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip().lines().findFirst().orElse(m);
    }

    /** The exception a step threw, without the wrappers Camel may have put around it. */
    private static Throwable cause(Throwable e) {
        Throwable t = e;
        while (t != null && t.getCause() != null && (t instanceof CamelExecutionException || t instanceof RuntimeCamelException)) {
            t = t.getCause();
        }
        return t;
    }

    /** The whole message of the cause (git's explanations span lines). */
    private static String fullReason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof CamelExecutionException
                || t instanceof RuntimeCamelException || t.getMessage() == null)) {
            t = t.getCause();
        }
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage().strip();
    }

    private static String trace(Throwable e) {
        if (e == null) {
            return "";
        }
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private RunCompleted publishCompleted(CamelContext camel, RunContext ctx) {
        RunCompleted done = new RunCompleted(ctx.id, ctx.settings.name(), ctx.layout.resultsDir(), ctx.outcome.getNow(null));
        try {
            producer(camel).sendBodyAndHeader(CuEndpoints.COMPLETED, done, CuHeaders.RUN_ID, ctx.id);
        } finally {
            ctx.announced.complete(null);
        }
        return done;
    }

    /** timer:cu-tick — the clock reaches every live run through its event queue. */
    public void tick(Exchange exchange) {
        ProducerTemplate p = producer(exchange.getContext());
        for (RunContext ctx : registry.all()) {
            if (ctx.run() != null) {
                p.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Tick(), CuHeaders.RUN_ID, ctx.id);
            }
        }
    }

    /** Job messages that reached the message stage since the process started. */
    public long messagesReceived() {
        return messagesReceived.get();
    }

    /**
     * Job messages that did not count since the process started: refused by a run (unknown token,
     * forged results), failed in the message stage, or datagrams that could not be decoded.
     */
    public long messagesRejected() {
        long n = rejectedOfEndedRuns.get();
        for (RunContext ctx : registry.all()) {
            n += rejected(ctx);
        }
        return n;
    }

    private static long rejected(RunContext ctx) {
        long n = ctx.run() == null ? 0 : ctx.run().rejectedMessages();
        return n + (ctx.channel() == null ? 0 : ctx.channel().malformed());
    }

    /** direct:cu-status — one run's progress (header {@link CuHeaders#RUN_ID}) or every live run's. */
    public Object status(Exchange exchange) {
        String id = exchange.getMessage().getHeader(CuHeaders.RUN_ID, String.class);
        if (id != null) {
            RunContext ctx = registry.get(id);
            return ctx == null ? null : progress(ctx);
        }
        return statuses();
    }

    /** Every live run's progress, oldest first; runs still preparing report no counts yet. */
    public List<RunProgress> statuses() {
        List<RunProgress> out = new ArrayList<>();
        for (RunContext ctx : registry.all()) {
            out.add(progress(ctx));
        }
        out.sort(Comparator.comparing(p -> registry.get(p.runId()) == null ? LocalDateTime.MIN
                : registry.get(p.runId()).startTime));
        return out;
    }

    private static RunProgress progress(RunContext ctx) {
        return new RunProgress(ctx.id, ctx.settings.name(), ctx.layout.resultsDir(), ctx.status());
    }

    /** timer:cu-progress — the runs whose progress changed since the last call, for the split that publishes them. */
    public List<RunProgress> changed() {
        List<RunProgress> out = new ArrayList<>();
        for (RunProgress p : statuses()) {
            if (p.status() != null && !p.status().equals(lastPublished.put(p.runId(), p.status()))) {
                out.add(p);
            }
        }
        return out;
    }

    /** direct:cu-stop — one run (header {@link CuHeaders#RUN_ID}) or all; returns the ids asked to stop. */
    public List<String> stop(Exchange exchange) {
        String id = exchange.getMessage().getHeader(CuHeaders.RUN_ID, String.class);
        List<String> ids = new ArrayList<>();
        for (RunContext ctx : registry.all()) {
            if (id == null || id.equals(ctx.id)) {
                ids.add(ctx.id);
            }
        }
        ids.forEach(i -> interrupt(exchange.getContext(), i));
        return ids;
    }

    /** Ctrl-C or a host's stop request for one run. */
    public void interrupt(CamelContext camel, String runId) {
        producer(camel).sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Interrupt(), CuHeaders.RUN_ID, runId);
    }

    /**
     * Stops every live run and waits (at most {@code wait}) until each has written its tables: a
     * stopping server or CamelContext never leaves jobs running. The routes must still be running.
     */
    public void stopAll(CamelContext camel, Duration wait) {
        Map<String, CompletableFuture<RunOutcome>> live = outcomes();
        live.keySet().forEach(id -> interrupt(camel, id));
        long deadline = System.nanoTime() + wait.toNanos();
        for (CompletableFuture<RunOutcome> f : live.values()) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // the run's backend is closed by Camel's shutdown of the rest
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The live runs' outcomes by id, for callers that wait for them (a stopping server). */
    public Map<String, CompletableFuture<RunOutcome>> outcomes() {
        Map<String, CompletableFuture<RunOutcome>> out = new LinkedHashMap<>();
        registry.all().forEach(ctx -> out.put(ctx.id, ctx.outcome));
        return out;
    }
}
