package dev.clusterutils.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class UdpListenerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void decodesRealDatagramsAndHandsThemOverInOrder() throws Exception {
        LinkedBlockingQueue<JobMessage> got = new LinkedBlockingQueue<>();
        try (UdpListener listener = UdpListener.start(LOOPBACK, 0, got::add);
             DatagramChannel sender = DatagramChannel.open()) {
            assertEquals(LOOPBACK, listener.address());
            assertNotEquals(0, listener.port());
            InetSocketAddress to = new InetSocketAddress(listener.address(), listener.port());
            String[] samples = {"c_api_ok_01_JOB_STARTED", "c_api_ok_02_METRIC_EARLY_REPORT",
                "c_api_ok_06_JOB_SENT_RESULTS", "c_api_ok_07_JOB_CONCLUDED"};
            for (String s : samples) {
                sender.send(ByteBuffer.wrap(WireSamples.bytes(WireSamples.DIR.resolve(s + ".bin"))), to);
            }
            for (String s : samples) {
                JobMessage m = got.poll(5, TimeUnit.SECONDS);
                assertEquals(s.substring(s.indexOf('_', 9) + 1), m.type().name());
                assertEquals(2, m.jobId());
            }
            assertEquals(4, listener.received());
            assertEquals(4, listener.decoded());
            assertEquals(0, listener.malformed());
        }
    }

    @Test
    void garbageIsCountedAndDroppedAndTheListenerGoesOn() throws Exception {
        LinkedBlockingQueue<JobMessage> got = new LinkedBlockingQueue<>();
        try (UdpListener listener = UdpListener.start(LOOPBACK, 0, got::add);
             DatagramChannel sender = DatagramChannel.open()) {
            InetSocketAddress to = new InetSocketAddress(listener.address(), listener.port());
            sender.send(ByteBuffer.wrap("hello".getBytes()), to);
            sender.send(ByteBuffer.wrap(PickleBytes.proto(4).global("os", "system").stop()), to);
            sender.send(ByteBuffer.allocate(0), to);
            sender.send(ByteBuffer.wrap(WireSamples.bytes(WireSamples.DIR.resolve("c_api_ok_07_JOB_CONCLUDED.bin"))), to);
            assertEquals(new JobMessage.Concluded(2), got.poll(5, TimeUnit.SECONDS));
            assertEquals(4, listener.received());
            assertEquals(3, listener.malformed());
            assertEquals(1, listener.decoded());
        }
    }

    @Test
    void aThrowingConsumerDoesNotStopTheListener() throws Exception {
        AtomicLong calls = new AtomicLong();
        try (UdpListener listener = UdpListener.start(LOOPBACK, 0, m -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
        }); DatagramChannel sender = DatagramChannel.open()) {
            InetSocketAddress to = new InetSocketAddress(listener.address(), listener.port());
            byte[] data = WireSamples.bytes(WireSamples.DIR.resolve("c_api_ok_07_JOB_CONCLUDED.bin"));
            sender.send(ByteBuffer.wrap(data), to);
            sender.send(ByteBuffer.wrap(data), to);
            waitFor(() -> calls.get() == 2);
            assertEquals(1, listener.consumerFailures());
            assertEquals(2, listener.decoded());
        }
    }

    @Test
    void closeIsIdempotentEndsTheThreadAndFreesThePort() throws Exception {
        UdpListener listener = UdpListener.start(LOOPBACK, 0, m -> { });
        int port = listener.port();
        listener.close();
        listener.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("cu-udp-listener-" + port)));
        try (UdpListener again = UdpListener.start(LOOPBACK, port, m -> { })) {
            assertEquals(port, again.port());
        }
    }

    @Test
    void theWildcardIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> UdpListener.start(InetAddress.getByName("0.0.0.0"), 0, m -> { }));
    }

    /**
     * 20,000 real datagrams (a captured JOB_SENT_RESULTS with numpy values, and a small progress
     * message), none of which may be lost. The sender in this JVM can send faster than any reader
     * drains a socket, so it sends in bursts and keeps at most one burst in flight: the receive
     * buffer absorbs a burst (at most {@value #MAX_BURST} datagrams, fewer where the kernel grants a
     * small buffer, ~2 KB of buffer per small loopback datagram), and the printed rate is the rate the listener
     * sustains. A warm-up first lets the JIT compile the decoder, as it will have in a real run.
     */
    @Test
    void sustainsTwentyThousandDatagramsPerSecondWithoutLoss() throws Exception {
        int warmUp = 5_000;
        int count = 20_000;
        List<byte[]> samples = List.of(
                WireSamples.bytes(WireSamples.DIR.resolve("a_example_ok_02_JOB_SENT_RESULTS.bin")),
                WireSamples.bytes(WireSamples.DIR.resolve("c_api_ok_03_JOB_PROGRESS_PERCENTAGE.bin")));
        AtomicLong consumed = new AtomicLong();
        try (UdpListener listener = UdpListener.start(LOOPBACK, 0, m -> consumed.incrementAndGet());
             DatagramChannel sender = DatagramChannel.open()) {
            InetSocketAddress to = new InetSocketAddress(listener.address(), listener.port());
            int burst = Math.max(50, Math.min(MAX_BURST, listener.receiveBufferSize() / 2048));
            sendInBursts(sender, to, samples, warmUp, listener, burst);
            long start = System.nanoTime();
            sendInBursts(sender, to, samples, count, listener, burst);
            waitFor(() -> consumed.get() >= warmUp + count);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("UdpListener sustained %.0f datagrams/s (%d datagrams in %.3f s, bursts of %d,"
                    + " receive buffer %d bytes)%n", count / seconds, count, seconds, burst,
                    listener.receiveBufferSize());
            assertEquals(warmUp + count, listener.received(), "datagrams lost");
            assertEquals(warmUp + count, listener.decoded());
            assertEquals(0, listener.malformed());
        }
    }

    private static final int MAX_BURST = 500;

    private static void sendInBursts(DatagramChannel sender, InetSocketAddress to, List<byte[]> samples, int count,
                                     UdpListener listener, int burst) throws Exception {
        long base = listener.received();
        int sent = 0;
        while (sent < count) {
            int n = Math.min(burst, count - sent);
            for (int i = 0; i < n; i++) {
                sender.send(ByteBuffer.wrap(samples.get((sent + i) % samples.size())), to);
            }
            sent += n;
            long inFlightLimit = sent - burst;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (listener.received() - base < inFlightLimit) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("datagrams lost: " + (listener.received() - base) + " of " + sent);
                }
                Thread.onSpinWait();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listener.received() - base < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(5);
        }
    }
}
