package dev.clusterutils.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the jobs' UDP datagrams on one address and port and hands each decoded
 * {@link JobMessage} to a consumer, on one daemon reader thread.
 *
 * <p>UDP has no flow control: whatever arrives while the reader is busy waits in the socket's
 * receive buffer, and overflows are dropped silently by the kernel. So the buffer is made large
 * and the reader does nothing but receive, decode and hand over; the consumer must not block
 * (put the message on a queue). Garbage is counted and dropped, never fatal.
 */
public final class UdpListener implements AutoCloseable {
    /** Asked of the kernel; Linux caps it at net.core.rmem_max (see {@link #receiveBufferSize()}). */
    public static final int REQUESTED_RECEIVE_BUFFER = 8 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
    private static final int WARN_FIRST = 20;
    private static final int WARN_EVERY = 1000;

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final Consumer<JobMessage> consumer;
    private final MessageDecoder decoder = new MessageDecoder();
    private final Thread reader;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong consumerFailures = new AtomicLong();

    private UdpListener(DatagramChannel channel, Consumer<JobMessage> consumer) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.consumer = consumer;
        this.reader = new Thread(this::readLoop, "cu-udp-listener-" + local.getPort());
        this.reader.setDaemon(true);
    }

    /**
     * Binds to {@code address} only (never the wildcard: the address is the one baked into the
     * job command lines) on {@code port}, 0 for an ephemeral port, and starts reading.
     */
    public static UdpListener start(InetAddress address, int port, Consumer<JobMessage> consumer) throws IOException {
        if (address == null || address.isAnyLocalAddress()) {
            throw new IllegalArgumentException("bind to one address, not the wildcard: " + address);
        }
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, REQUESTED_RECEIVE_BUFFER);
            channel.bind(new InetSocketAddress(address, port));
            UdpListener listener = new UdpListener(channel, consumer);
            listener.reader.start();
            LOG.info("Listening for job messages on {}:{} (receive buffer {} bytes)",
                    address.getHostAddress(), listener.port(), listener.receiveBufferSize());
            return listener;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public int port() {
        return local.getPort();
    }

    public InetAddress address() {
        return local.getAddress();
    }

    /** Datagrams read from the socket. */
    public long received() {
        return received.get();
    }

    /** Datagrams decoded and handed to the consumer. */
    public long decoded() {
        return decoded.get();
    }

    /** Datagrams dropped because they were not a protocol message. */
    public long malformed() {
        return malformed.get();
    }

    /** Messages whose consumer threw; the message is lost, the listener keeps going. */
    public long consumerFailures() {
        return consumerFailures.get();
    }

    /** The receive buffer the kernel granted. */
    public int receiveBufferSize() {
        try {
            return channel.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            return -1;
        }
    }

    private void readLoop() {
        // one byte more than the largest legal datagram, so that an oversize one shows as such;
        // direct, because the JDK would otherwise receive into a temporary direct buffer and copy
        ByteBuffer buf = ByteBuffer.allocateDirect(MessageDecoder.MAX_DATAGRAM_BYTES + 1);
        byte[] data = new byte[buf.capacity()];
        while (!closed.get()) {
            SocketAddress sender;
            int length;
            try {
                buf.clear();
                sender = channel.receive(buf);
                length = buf.position();
                buf.flip().get(data, 0, length);
            } catch (ClosedChannelException e) {
                break; // close() was called
            } catch (IOException e) {
                if (closed.get()) {
                    break;
                }
                LOG.warn("Receiving a job message failed: {}", e.toString());
                continue;
            }
            received.incrementAndGet();
            JobMessage message;
            try {
                message = decoder.decode(data, length);
            } catch (MalformedMessageException e) {
                long n = malformed.incrementAndGet();
                if (n <= WARN_FIRST || n % WARN_EVERY == 0) {
                    LOG.warn("Dropped datagram #{} that is not a job message ({} bytes from {}): {}",
                            n, length, sender, e.getMessage());
                }
                continue;
            }
            decoded.incrementAndGet();
            try {
                consumer.accept(message);
            } catch (RuntimeException e) {
                consumerFailures.incrementAndGet();
                LOG.error("Handling {} of job {} failed", message.type(), message.jobId(), e);
            }
        }
    }

    /** Stops reading and releases the port; idempotent, and waits for the reader thread to end. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.close(); // wakes the reader blocked in receive()
            } catch (IOException e) {
                LOG.warn("Closing the job message socket failed: {}", e.toString());
            }
        }
        if (Thread.currentThread() != reader) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
