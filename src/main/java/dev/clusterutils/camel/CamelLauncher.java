package dev.clusterutils.camel;

import dev.clusterutils.run.RunContext;
import dev.clusterutils.run.RunFactory;
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.run.RunRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Runs one run inside Camel Main: boots the context with the pipeline routes, sends the request
 * to {@link CuEndpoints#START}, waits for the run's outcome, and shuts Camel down.
 */
public final class CamelLauncher {
    private final RunFactory factory;
    private final MainProperties properties;

    public CamelLauncher(RunFactory factory) {
        this(factory, MainProperties.none());
    }

    /** @param properties the process's application.properties and --property options, for Camel Main */
    public CamelLauncher(RunFactory factory, MainProperties properties) {
        this.factory = factory;
        this.properties = properties;
    }

    /** A handle the caller may use while the run is going: its status and a way to stop it. */
    public interface Running {
        RunContext context();

        void interrupt();
    }

    public RunOutcome run(RunRequest request, Consumer<Running> onStarted) throws Exception {
        Main main = new Main();
        properties.applyTo(main, ClusterUtilsRoutes.PIPELINE);
        RunRegistry registry = new RunRegistry();
        CuStages stages = new CuStages(factory, registry);
        main.bind(CuExtensions.STAGES, stages);
        main.bind(CuExtensions.JOBS, new CuJobs());
        CompletableFuture<RunOutcome> result = new CompletableFuture<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                ClusterUtilsRoutes.registerHealthCheck(m.getCamelContext(), new RunsHealthCheck(stages));
                ClusterUtilsRoutes.stopRunsWithContext(m.getCamelContext(), stages);
                Thread t = new Thread(() -> drive(m.getCamelContext(), request, stages, onStarted, result, main), "cu-launcher");
                t.setDaemon(true);
                t.start();
            }
        });
        main.run();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static void drive(CamelContext camel, RunRequest request, CuStages stages, Consumer<Running> onStarted,
                              CompletableFuture<RunOutcome> result, Main main) {
        try {
            ProducerTemplate template = camel.createProducerTemplate();
            Exchange ex = template.send(CuEndpoints.START, ExchangePattern.InOnly, e -> e.getMessage().setBody(request));
            if (ex.getException() != null) {
                throw ex.getException();
            }
            RunContext ctx = stages.lastStarted();
            Running running = new Running() {
                public RunContext context() {
                    return ctx;
                }

                public void interrupt() {
                    template.sendBodyAndHeader(CuEndpoints.EVENTS, new dev.clusterutils.run.RunEvent.Interrupt(),
                            CuHeaders.RUN_ID, ctx.id);
                }
            };
            onStarted.accept(running);
            result.complete(ctx.outcome.get());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        } finally {
            main.completed();
        }
    }
}
