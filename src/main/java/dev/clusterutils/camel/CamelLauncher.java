package dev.clusterutils.camel;

import dev.clusterutils.dashboard.HttpSettings;
import dev.clusterutils.run.Milestones;
import dev.clusterutils.run.RunContext;
import dev.clusterutils.run.RunEvent;
import dev.clusterutils.run.RunFactory;
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.run.RunRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.seda.SedaConsumer;
import org.apache.camel.component.timer.TimerConsumer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Runs one run inside Camel Main. {@link #boot} starts Camel in the background at once, so that
 * its start-up overlaps with loading the settings and asking the start-up questions; {@link #run}
 * then sends the request to {@link CuEndpoints#START}, waits for the run's outcome and shuts
 * Camel down. The pipeline file is named exactly ({@link ClusterUtilsRoutes#PIPELINE}): a wildcard
 * would make Camel scan every entry of the 20 MB jar, about half a second of start-up.
 */
public final class CamelLauncher {
    private final Main main = new Main();
    private final CuStages stages;
    private final CompletableFuture<CamelContext> started = new CompletableFuture<>();
    private Thread camelThread;
    /** Long enough for the completion event's subscribers; a route that never ends is Camel's to time out. */
    private static final long QUIET_WAIT_MS = 3000;

    public CamelLauncher(RunFactory factory) {
        this(factory, MainProperties.none());
    }

    /** @param properties the process's application.properties and --property options, for Camel Main */
    public CamelLauncher(RunFactory factory, MainProperties properties) {
        this(factory, properties, HttpSettings.off());
    }

    /** @param http the dashboard's server, when {@link dev.clusterutils.dashboard.HttpSettings#enabled()} */
    public CamelLauncher(RunFactory factory, MainProperties properties, HttpSettings http) {
        if (http.enabled()) {
            properties.with(ClusterUtilsRoutes.httpServerProperties(http)).applyTo(main, ClusterUtilsRoutes.PIPELINE,
                    ClusterUtilsRoutes.HTTP);
        } else {
            properties.applyTo(main, ClusterUtilsRoutes.PIPELINE);
        }
        this.stages = new CuStages(factory, new RunRegistry());
        main.bind(CuExtensions.STAGES, stages);
        main.bind(CuExtensions.JOBS, new CuJobs());
        main.bind(CuExtensions.OPTIMIZER, new CuOptimizer());
        if (http.enabled()) {
            main.bind(CuExtensions.HTTP, new CuHttp(stages, List::of, http));
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                ClusterUtilsRoutes.startBeanComponent(m.getCamelContext());
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                ClusterUtilsRoutes.registerHealthCheck(m.getCamelContext(), new RunsHealthCheck(stages));
                ClusterUtilsRoutes.stopRunsWithContext(m.getCamelContext(), stages);
                Milestones.PROCESS.mark(Milestones.Milestone.CAMEL_STARTED);
                started.complete(m.getCamelContext());
            }
        });
    }

    /** A handle the caller may use while the run is going: its status and a way to stop it. */
    public interface Running {
        RunContext context();

        void interrupt();

        /** A command of the interactive prompt, answered by the run on its own thread. */
        String command(String name, String argument) throws Exception;
    }

    /** Starts Camel Main on its own thread; returns at once. */
    public synchronized CamelLauncher boot() {
        if (camelThread == null) {
            camelThread = new Thread(() -> {
                try {
                    main.run();
                } catch (Exception | LinkageError e) {
                    started.completeExceptionally(e);
                }
                // a boot that failed before afterStart must not leave run() waiting
                started.completeExceptionally(new IllegalStateException("Camel stopped before it started"));
            }, "cu-camel-main");
            camelThread.start();
        }
        return this;
    }

    /**
     * Stops a booted Camel that will not be used (bad settings, a declined question) without
     * waiting for it: the answer to a typo must not wait for Camel to finish booting. Camel stops
     * on its own thread once it has started (or its boot failed); a CLI process exits anyway.
     */
    public void abandon() {
        Thread stopper = new Thread(this::stop, "cu-camel-abandon");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** The booted context, once Camel has started (tests). */
    CamelContext awaitStarted(long seconds) throws Exception {
        return started.get(seconds, TimeUnit.SECONDS);
    }

    void stop() {
        Thread t;
        synchronized (this) {
            t = camelThread;
        }
        if (t == null) {
            return;
        }
        try {
            // Main.completed() is only honoured once Camel runs; a failed boot has nothing to stop
            CamelContext camel = started.get();
            endWork(camel, QUIET_WAIT_MS);
            main.completed();
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // boot failed: the thread has ended
        }
    }

    /**
     * Ends Camel's work once the run is over, before Camel's own shutdown: first the consumers that
     * start work by themselves (timers such as the run clock {@code cu-tick}, scheduled polls), then,
     * once nothing is in flight or queued, the seda consumers. Camel's shutdown looks for exchanges
     * in flight and, if it finds one, sleeps a whole second before it looks again: a tick under way at
     * that moment made about one exit in 40 a second late.
     */
    static void endWork(CamelContext camel, long maxMillis) throws InterruptedException {
        endTimers(camel);
        awaitQuiet(camel, maxMillis);
        endPolls(camel);
    }

    /** Stops the consumers that fire on their own (timer, scheduled polls); what they started finishes. */
    static void endTimers(CamelContext camel) {
        for (Route route : camel.getRoutes()) {
            if (route.getConsumer() instanceof TimerConsumer || route.getConsumer() instanceof ScheduledPollConsumer) {
                ServiceHelper.stopService(route.getConsumer());
            }
        }
    }

    /**
     * Waits until no exchange is in flight or queued on a seda endpoint, at most {@code maxMillis}.
     * The run's outcome is known while its completion event is still on its way to
     * {@code seda:cu-completed}; Camel's shutdown would find it pending and re-check only after a
     * second's sleep, which every CLI run paid (1.3-1.4 s of a 2-job grid's 4.6 s).
     */
    static void awaitQuiet(CamelContext camel, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (busy(camel) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    /**
     * Stops every seda consumer once nothing is in flight: its threads are interrupted in their
     * poll. Camel's shutdown asks one route after another, and each waits until its consumers'
     * current poll has timed out ({@code pollTimeout}, 100 ms): up to 0.8 s at the end of every run
     * for the pipeline's eight seda routes. Camel's shutdown then finds them stopped.
     */
    static void endPolls(CamelContext camel) {
        for (Route route : camel.getRoutes()) {
            if (route.getConsumer() instanceof SedaConsumer seda) {
                ServiceHelper.stopService(seda);
            }
        }
    }

    private static boolean busy(CamelContext camel) {
        if (camel.getInflightRepository().size() > 0) {
            return true;
        }
        for (Route route : camel.getRoutes()) {
            if (route.getConsumer() instanceof ShutdownAware aware && aware.getPendingExchangesSize() > 0) {
                return true;
            }
        }
        return false;
    }

    public RunOutcome run(RunRequest request, Consumer<Running> onStarted) throws Exception {
        boot();
        CamelContext camel;
        try {
            camel = started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        try {
            ProducerTemplate template = camel.createProducerTemplate();
            Exchange ex = template.send(CuEndpoints.START, ExchangePattern.InOnly, e -> e.getMessage().setBody(request));
            if (ex.getException() != null) {
                throw ex.getException();
            }
            // the reply names its run: concurrent starts cannot mix their contexts up
            RunContext ctx = stages.registry().find(ex.getMessage().getHeader(CuHeaders.RUN_ID, String.class));
            onStarted.accept(new Running() {
                public RunContext context() {
                    return ctx;
                }

                public void interrupt() {
                    template.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Interrupt(), CuHeaders.RUN_ID, ctx.id);
                }

                public String command(String name, String argument) throws Exception {
                    CompletableFuture<String> reply = new CompletableFuture<>();
                    template.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Command(name, argument, reply),
                            CuHeaders.RUN_ID, ctx.id);
                    return reply.get(10, TimeUnit.SECONDS);
                }
            });
            RunOutcome outcome = ctx.outcome.get();
            try {
                // the completion event follows the outcome: Camel must not stop before it is on its queue
                ctx.announced.get(QUIET_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // published late or never (a stopping context): Camel's shutdown still ends within its timeout
            }
            return outcome;
        } finally {
            stop();
        }
    }
}
