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
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.run.RunRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The bean behind every route of the pipeline: it moves bodies between the endpoints and the
 * plain-Java run classes, and decides nothing itself.
 */
public final class CuStages {
    private static final int SUBMIT_TRIES = 5;

    private final RunFactory factory;
    private final RunRegistry registry;
    private volatile ProducerTemplate producer;
    private volatile RunContext lastStarted;

    public CuStages(RunFactory factory, RunRegistry registry) {
        this.factory = factory;
        this.registry = registry;
    }

    /** The run most recently created by the start stage (the launcher's way back to it). */
    public RunContext lastStarted() {
        return lastStarted;
    }

    public RunRegistry registry() {
        return registry;
    }

    private ProducerTemplate producer(Exchange exchange) {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = exchange.getContext().createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }

    private RunContext context(Exchange exchange) {
        return registry.get(exchange.getMessage().getHeader(CuHeaders.RUN_ID, String.class));
    }

    /** direct:cu-start — results dir, journal, metadata. */
    public void start(Exchange exchange) throws Exception {
        RunRequest request = exchange.getMessage().getMandatoryBody(RunRequest.class);
        RunContext ctx = factory.start(request.settings(), request.options());
        registry.add(ctx);
        lastStarted = ctx;
        exchange.getMessage().setHeader(CuHeaders.RUN_ID, ctx.id);
        exchange.getMessage().setBody(ctx);
    }

    /** direct:cu-prepare — project dir, backend, listener; the body becomes the run's first event. */
    public void prepare(Exchange exchange) {
        RunContext ctx = context(exchange);
        ProducerTemplate p = producer(exchange);
        try {
            factory.prepare(ctx, event -> p.sendBodyAndHeader(CuEndpoints.EVENTS, event, CuHeaders.RUN_ID, ctx.id),
                    new CamelCommandRunner(exchange.getContext()));
            exchange.getMessage().setBody(new RunEvent.Begin());
        } catch (Exception | LinkageError e) {
            registry.remove(ctx.id);
            RunFinisher.failed(ctx, e);
            publishCompleted(exchange, ctx);
            exchange.getMessage().setBody(null);
            exchange.setRouteStop(true);
        }
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
            publishCompleted(exchange, ctx);
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
        if (ctx != null) {
            ctx.backend().cancel(exchange.getMessage().getBody(Action.Cancel.class).handle());
        }
    }

    /** seda:cu-poll — one batched status query; a failure is reported, never turned into failed jobs. */
    public RunEvent poll(Exchange exchange) {
        RunContext ctx = context(exchange);
        if (ctx == null) {
            return null;
        }
        try {
            Map<JobHandle, JobStatus> statuses = ctx.backend().poll(exchange.getMessage().getBody(Action.Poll.class).handles());
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
        RunFinisher.finish(ctx, outcome);
        publishCompleted(exchange, ctx);
    }

    private void publishCompleted(Exchange exchange, RunContext ctx) {
        RunOutcome outcome = ctx.outcome.getNow(null);
        exchange.getMessage().setBody(new RunCompleted(ctx.id, ctx.settings.name(), ctx.layout.resultsDir(), outcome));
        producer(exchange).sendBodyAndHeader(CuEndpoints.COMPLETED,
                new RunCompleted(ctx.id, ctx.settings.name(), ctx.layout.resultsDir(), outcome), CuHeaders.RUN_ID, ctx.id);
    }

    /** timer:cu-tick — the clock reaches every live run through its event queue. */
    public void tick(Exchange exchange) {
        ProducerTemplate p = producer(exchange);
        for (RunContext ctx : registry.all()) {
            if (ctx.run() != null) {
                p.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Tick(), CuHeaders.RUN_ID, ctx.id);
            }
        }
    }

    /** Ctrl-C or a host's stop request for one run. */
    public void interrupt(Exchange exchange, String runId) {
        producer(exchange).sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Interrupt(), CuHeaders.RUN_ID, runId);
    }
}
