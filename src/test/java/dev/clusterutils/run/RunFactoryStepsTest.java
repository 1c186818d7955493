package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.ProcessCommandRunner;
import dev.clusterutils.protocol.JobMessage;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.workspace.Checkout;
import dev.clusterutils.workspace.GitInfo;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps of the prepare stage without Camel: each takes the previous one's answer, the last prepares the run. */
class RunFactoryStepsTest {
    private static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    /** A channel that delivers nothing and remembers whether it was closed. */
    private static final class QuietChannel implements MessageChannel {
        final AtomicBoolean closed = new AtomicBoolean();
        final int port;

        QuietChannel(int port) {
            this.port = port;
        }

        public String address() {
            return "127.0.0.1:" + (port == 0 ? 40404 : port);
        }

        public long malformed() {
            return 0;
        }

        public void close() {
            closed.set(true);
        }
    }

    private RunSettings settings() throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("optimization_procedure_name", "steps");
        t.put("results_dir", tmp.resolve("res").toString());
        t.put("run_in_working_dir", true);
        t.put("script_relative_path", "examples/basic/rosenbrock_job.py");
        t.put("generate_report", "never");
        t.put("restarts", 1);
        t.put("local_run", true);
        t.put("environment_setup", Map.of());
        t.put("cluster_requirements", Map.of("request_cpus", 1));
        t.put("fixed_params", Map.of("noise", 0.0, "sleep_seconds", 0.0));
        t.put("hyperparam_list", List.of(Map.of("param", "x", "values", List.of(0.0, 1.0))));
        return RunRequests.fromTree(t, null, null, List.of(), k -> null).settings();
    }

    @Test
    void eachStepTakesThePreviousAnswerAndOnlyTheLastPreparesTheRun() throws Exception {
        List<QuietChannel> opened = new ArrayList<>();
        RunFactory factory = new RunFactory((InetAddress bind, int port, Consumer<JobMessage> sink) -> {
            QuietChannel c = new QuietChannel(port);
            opened.add(c);
            return c;
        }, new MetricsFiles(), System::currentTimeMillis);
        RunOptions options = new RunOptions("local", false, 1, null, 5, 7L, Map.of(), tmp.resolve("home"), REPO, false, 0);
        RunContext ctx = factory.start(settings(), options, "steps-1");

        Checkout asked = factory.checkout(ctx);
        assertTrue(asked.workingCopy());
        GitInfo git = new GitInfo(null, null, "0123456789abcdef", null, null, null, null, false, null, null);
        RunCode code = factory.code(ctx, git);
        assertEquals(REPO, code.mainPath());
        RunBackend backend = factory.backend(ctx, code, new ProcessCommandRunner());
        assertEquals("local", backend.kind());
        assertSame(code, backend.code());
        List<RunEvent> events = new ArrayList<>();
        RunChannel channel = factory.channel(ctx, backend, events::add);
        assertSame(git, channel.git());
        assertSame(backend.backend(), channel.backend());
        ctx.journal.flush();
        assertTrue(Files.readString(ctx.layout.journal()).contains("127.0.0.1:40404"), "the journal says where the run listens");
        assertNull(ctx.run(), "nothing of the run is visible before the coordinator step");

        factory.coordinator(ctx, channel);
        assertNotNull(ctx.run());
        assertSame(git, ctx.git());
        assertSame(channel.channel(), ctx.channel());
        assertTrue(Files.readString(ctx.layout.metadata()).contains("0123456789abcdef"), "metadata.json names the code");
        assertThrows(IllegalStateException.class, () -> factory.coordinator(ctx, channel), "a run is prepared once");

        RunFinisher.finish(ctx, new RunOutcome(RunOutcome.Status.STOPPED, "stopped", 0, 0));
        assertTrue(opened.get(0).closed.get(), "the finisher closes what the prepare stage made");
        assertEquals(RunOutcome.Status.STOPPED, ctx.outcome.join().status());
    }

    @Test
    void aRunThatFailedInTheCoordinatorStepReleasesWhatItWasGiven() throws Exception {
        QuietChannel quiet = new QuietChannel(0);
        RunFactory factory = new RunFactory((bind, port, sink) -> quiet, new MetricsFiles(), System::currentTimeMillis);
        RunOptions options = new RunOptions("local", false, 1, null, 5, 7L, Map.of(), tmp.resolve("home"), REPO, false, 0);
        RunContext ctx = factory.start(settings(), options, "steps-2");
        GitInfo git = new GitInfo(null, null, "fedcba9876543210", null, null, null, null, false, null, null);
        RunChannel reached = factory.channel(ctx, factory.backend(ctx, factory.code(ctx, git), new ProcessCommandRunner()),
                e -> { });

        RunFinisher.failed(ctx, new IllegalStateException("no optimizer"), reached);
        assertTrue(quiet.closed.get());
        assertEquals(RunOutcome.Status.ABORTED, ctx.outcome.join().status());
        String metadata = Files.readString(ctx.layout.metadata());
        assertTrue(metadata.contains("fedcba9876543210") && metadata.contains("\"local\""), metadata);
    }
}
