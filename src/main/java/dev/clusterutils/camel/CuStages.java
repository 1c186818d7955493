package dev.clusterutils.camel;

import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.run.Action;
import dev.clusterutils.run.RunContext;
import dev.clusterutils.run.RunEvent;
import dev.clusterutils.run.RunFactory;
import dev.clusterutils.run.RunFinisher;
import dev.clusterutils.run.RunOptions;
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.run.RunRequest;
import dev.clusterutils.run.RunRequests;
import dev.clusterutils.run.RunStatus;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.RunType;
import dev.clusterutils.settings.SettingsException;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * The bean behind every route of the pipeline: it moves bodies between the endpoints and the
 * plain-Java run classes, and decides nothing itself.
 */
public final class CuStages {
    private static final int SUBMIT_TRIES = 5;

    private final RunFactory factory;
    private final RunRegistry registry;
    private final Map<String, RunStatus> lastPublished = new ConcurrentHashMap<>();
    private volatile ProducerTemplate producer;
    private volatile RunContext lastStarted;

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

    /** The run most recently created by the start stage (the launcher's way back to it). */
    public RunContext lastStarted() {
        return lastStarted;
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
            id = java.util.UUID.randomUUID().toString();
        } else if (registry.contains(id)) {
            throw new IllegalArgumentException("run id " + id + " is in use by a live run");
        }
        Path results = request.settings().resultsDir();
        registry.reserve(results, id);
        RunContext ctx;
        try {
            ctx = CuExtensions.apply(exchange.getContext(), factory).start(request.settings(), request.options(), id);
        } catch (Exception | Error e) {
            registry.release(results, id);
            throw e;
        }
        registry.add(ctx);
        lastStarted = ctx;
        msg.setHeader(CuHeaders.RUN_ID, ctx.id);
        msg.setBody(ctx);
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

    /** direct:cu-prepare — project dir, backend, listener; the body becomes the run's first event. */
    public void prepare(Exchange exchange) {
        RunContext ctx = context(exchange);
        ProducerTemplate p = producer(exchange.getContext());
        try {
            factory(exchange).prepare(ctx, event -> p.sendBodyAndHeader(CuEndpoints.EVENTS, event, CuHeaders.RUN_ID, ctx.id),
                    new CamelCommandRunner(exchange.getContext()));
            exchange.getMessage().setBody(new RunEvent.Begin());
        } catch (Exception | LinkageError e) {
            registry.remove(ctx.id);
            RunFinisher.failed(ctx, e);
            registry.release(ctx.layout.resultsDir(), ctx.id);
            // the caller's reply: the run ended before it began
            exchange.getMessage().setBody(publishCompleted(exchange.getContext(), ctx));
            exchange.setRouteStop(true);
        }
    }

    private RunFactory factory(Exchange exchange) {
        return CuExtensions.apply(exchange.getContext(), factory);
    }

    /** seda:cu-events — the run decides; the body becomes the list of actions for the split. */
    public List<Action> onEvent(Exchange exchange) {
        RunContext ctx = context(exchange);
        if (ctx == null || ctx.run() == null) {
            return List.of();
        }
        RunEvent event = exchange.getMessage().getBody(RunEvent.class);
        List<Action> actions;
        try {
            actions = ctx.run().on(event);
        } catch (RuntimeException e) {
            // never leave jobs running because the coordinator failed: stop them and end the run
            registry.remove(ctx.id);
            RunFinisher.failed(ctx, e);
            registry.release(ctx.layout.resultsDir(), ctx.id);
            publishCompleted(exchange.getContext(), ctx);
            return List.of();
        }
        List<Action> routed = new ArrayList<>(actions.size());
        List<JobHandle> cancels = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Action.Forget f) {
                ctx.backend().forget(f.handle());
            } else if (a instanceof Action.Cancel c) {
                cancels.add(c.handle());
            } else {
                routed.add(a);
            }
        }
        if (cancels.size() == 1) {
            routed.add(0, new Action.Cancel(cancels.get(0)));
        } else if (!cancels.isEmpty()) {
            // an abort or Ctrl-C cancels every live job: one scancel for hundreds, not hundreds of scancels,
            // and before the finish stage closes the backend
            ctx.backend().cancelAll(cancels);
        }
        return routed;
    }

    /**
     * seda:cu-submit — hand one job, or a batch (a Slurm job array), to the backend; transient refusals
     * are retried with back-off. The answer is one event per job, for the split that follows.
     */
    public List<RunEvent> submit(Exchange exchange) throws InterruptedException {
        RunContext ctx = context(exchange);
        Object body = exchange.getMessage().getBody();
        List<JobSpec> specs = body instanceof Action.SubmitBatch b ? b.specs()
                : List.of(exchange.getMessage().getBody(Action.Submit.class).spec());
        if (ctx == null) {
            return failed(specs, "run already ended");
        }
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                List<JobHandle> handles = specs.size() == 1 && !(body instanceof Action.SubmitBatch)
                        ? List.of(ctx.backend().submit(specs.get(0)))
                        : ctx.backend().submitBatch(specs);
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
        if (ctx != null && !CuJobs.KIND.equals(handle.backend())) {
            ctx.backend().cancel(handle);
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
            return null;
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
        registry.remove(ctx.id);
        lastPublished.remove(ctx.id);
        RunFinisher.finish(ctx, outcome);
        registry.release(ctx.layout.resultsDir(), ctx.id);
        exchange.getMessage().setBody(publishCompleted(exchange.getContext(), ctx));
    }

    private RunCompleted publishCompleted(CamelContext camel, RunContext ctx) {
        RunCompleted done = new RunCompleted(ctx.id, ctx.settings.name(), ctx.layout.resultsDir(), ctx.outcome.getNow(null));
        producer(camel).sendBodyAndHeader(CuEndpoints.COMPLETED, done, CuHeaders.RUN_ID, ctx.id);
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
        out.sort(java.util.Comparator.comparing(p -> registry.get(p.runId()) == null ? java.time.LocalDateTime.MIN
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
    public void stopAll(CamelContext camel, java.time.Duration wait) {
        Map<String, java.util.concurrent.CompletableFuture<RunOutcome>> live = outcomes();
        live.keySet().forEach(id -> interrupt(camel, id));
        long deadline = System.nanoTime() + wait.toNanos();
        for (java.util.concurrent.CompletableFuture<RunOutcome> f : live.values()) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // the run's backend is closed by Camel's shutdown of the rest
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The live runs' outcomes by id, for callers that wait for them (a stopping server). */
    public Map<String, java.util.concurrent.CompletableFuture<RunOutcome>> outcomes() {
        Map<String, java.util.concurrent.CompletableFuture<RunOutcome>> out = new LinkedHashMap<>();
        registry.all().forEach(ctx -> out.put(ctx.id, ctx.outcome));
        return out;
    }
}
