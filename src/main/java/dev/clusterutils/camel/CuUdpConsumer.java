package dev.clusterutils.camel;

import dev.clusterutils.protocol.JobMessage;
import dev.clusterutils.protocol.UdpListener;
import java.net.InetAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Receives and decodes on the listener's one reader thread and hands each message to the route
 * on that thread: the route's first step must not block (a seda queue), because what arrives
 * meanwhile waits in the kernel's receive buffer, and UDP drops what overflows it.
 */
public final class CuUdpConsumer extends DefaultConsumer {
    private volatile UdpListener listener;

    CuUdpConsumer(CuUdpEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public CuUdpEndpoint getEndpoint() {
        return (CuUdpEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CuUdpEndpoint ep = getEndpoint();
        listener = UdpListener.start(InetAddress.getByName(ep.host()), ep.port(), this::deliver);
    }

    private void deliver(JobMessage message) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(message);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Handling a job message failed", exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    /** The bound port (the chosen one when the endpoint asked for 0); -1 before start. */
    public int port() {
        UdpListener l = listener;
        return l == null ? -1 : l.port();
    }

    public InetAddress address() {
        return listener.address();
    }

    /** Datagrams that were not job messages. */
    public long malformed() {
        UdpListener l = listener;
        return l == null ? 0 : l.malformed();
    }

    @Override
    protected void doStop() throws Exception {
        UdpListener l = listener;
        if (l != null) {
            l.close();
        }
        super.doStop();
    }
}
