package dev.clusterutils.camel;

import dev.clusterutils.protocol.UdpListener;
import dev.clusterutils.run.MessageChannel;
import dev.clusterutils.run.RunContext;
import dev.clusterutils.run.RunEvent;
import dev.clusterutils.run.RunFactory;
import dev.clusterutils.run.RunRequest;
import dev.clusterutils.run.RunRequests;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;

/**
 * bench/udp-messages: how many job datagrams per second the message stage carries from the socket
 * to the run's event queue, and whether any is lost. Path measured: the run's cu-udp consumer
 * (receive, decode) -> seda:cu-messages with CuRunId and CuJobId -> the cu-messages route ->
 * seda:cu-events, where a counting route stands in for the coordinator. Beside it, in the same
 * process and with the same sender, the path before the message stage existed, as the baseline:
 * the UdpListener thread sending each message straight to seda:cu-events.
 * The sender keeps at most one burst in flight (what the kernel's receive buffer holds), so the
 * rate is the one the receiving side sustains without loss. Prints a Markdown table.
 */
public final class MessageStageBenchmark {
    private static final Path SAMPLES = Path.of("src/test/resources/reference/wire-samples");

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<byte[]> samples = List.of(Files.readAllBytes(SAMPLES.resolve("a_example_ok_02_JOB_SENT_RESULTS.bin")),
                Files.readAllBytes(SAMPLES.resolve("c_api_ok_03_JOB_PROGRESS_PERCENTAGE.bin")));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Path tmp = Files.createTempDirectory("cu-bench-messages");

        DefaultCamelContext camel = new DefaultCamelContext();
        // the coordinator is replaced by a counter; the tick and progress timers have no runs to serve
        ((ModelCamelContext) camel).setRouteFilterPattern(null, "cu-events,cu-tick,cu-progress");
        AtomicLong arrived = new AtomicLong();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:cu-events?concurrentConsumers=1&pollTimeout=25&size=1000000&blockWhenFull=true").routeId("bench-count")
                        .process(e -> {
                            if (e.getMessage().getBody() instanceof RunEvent.Message) {
                                arrived.incrementAndGet();
                            }
                        });
            }
        });
        ClusterUtilsRoutes.install(camel);
        camel.start();
        RunRequest request = RunRequests.fromTree(SmallGrids.tree("bench", tmp.resolve("res")), null, null, List.of(), k -> null);
        RunContext ctx = RunFactory.production().start(request.settings(), request.options(), "bench");
        var sink = CuStages.sink(camel.createProducerTemplate(), ctx);

        System.out.println("| run | path | datagrams | seconds | datagrams/s | lost | malformed |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (int r = 1; r <= repeats; r++) {
            var template = camel.createProducerTemplate();
            try (UdpListener bare = UdpListener.start(loopback, 0,
                    m -> template.sendBodyAndHeader(CuEndpoints.EVENTS, new RunEvent.Message(m), CuHeaders.RUN_ID, "bench"))) {
                InetSocketAddress to = new InetSocketAddress(bare.address(), bare.port());
                long base = arrived.get();
                measure(r, "before: UdpListener thread -> seda:cu-events", to, samples, count, () -> arrived.get() - base,
                        bare.receiveBufferSize(), bare::malformed);
            }
            MessageChannel stage = new CuUdpChannels(camel).open(loopback, 0, m -> sink.accept(new RunEvent.Message(m)));
            try {
                String[] hostPort = stage.address().split(":");
                InetSocketAddress to = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
                long base = arrived.get();
                measure(r, "cu-udp -> seda:cu-messages -> cu-messages -> seda:cu-events", to, samples, count,
                        () -> arrived.get() - base, UdpListener.REQUESTED_RECEIVE_BUFFER, stage::malformed);
            } finally {
                stage.close();
            }
        }
        camel.stop();
    }

    private static void measure(int run, String path, InetSocketAddress to, List<byte[]> samples, int count, LongSupplier arrived,
                                int receiveBuffer, LongSupplier malformed) throws Exception {
        int burst = Math.max(50, Math.min(500, receiveBuffer / 2048));
        try (DatagramChannel sender = DatagramChannel.open()) {
            // warm-up: the JIT compiles the path, as it has in a run that has been going for a while
            long warm = arrived.getAsLong();
            send(sender, to, samples, 20_000, arrived, burst, warm);
            long base = arrived.getAsLong();
            long start = System.nanoTime();
            send(sender, to, samples, count, arrived, burst, base);
            double seconds = (System.nanoTime() - start) / 1e9;
            long lost = count - (arrived.getAsLong() - base);
            System.out.printf("| %d | %s | %d | %.3f | %.0f | %d | %d |%n", run, path, count, seconds, count / seconds, lost,
                    malformed.getAsLong());
        }
    }

    /** Sends in bursts, never more than one burst ahead of what has arrived; returns once all arrived (or 10 s passed). */
    private static void send(DatagramChannel sender, InetSocketAddress to, List<byte[]> samples, int count, LongSupplier arrived,
                             int burst, long base) throws Exception {
        int sent = 0;
        while (sent < count) {
            int n = Math.min(burst, count - sent);
            for (int i = 0; i < n; i++) {
                sender.send(ByteBuffer.wrap(samples.get((sent + i) % samples.size())), to);
            }
            sent += n;
            long limit = sent - burst;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (arrived.getAsLong() - base < limit && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (arrived.getAsLong() - base < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
