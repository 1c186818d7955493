package dev.clusterutils.camel;

import dev.clusterutils.protocol.JobMessage;
import dev.clusterutils.run.MessageChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The message channels of runs in a CamelContext: one {@code cu-udp:} consumer per run, on the
 * run's address and a free port (or the port a resumed run listened on before).
 */
public final class CuUdpChannels implements MessageChannel.Factory {
    private final CamelContext camel;

    public CuUdpChannels(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public MessageChannel open(InetAddress bindAddress, int port, Consumer<JobMessage> sink) throws IOException {
        CuUdpEndpoint endpoint = camel.getEndpoint(CuUdpComponent.SCHEME + ":" + bindAddress.getHostAddress() + ":" + port,
                CuUdpEndpoint.class);
        CuUdpConsumer consumer;
        try {
            consumer = endpoint.createConsumer(exchange -> sink.accept(exchange.getMessage().getBody(JobMessage.class)));
            ServiceHelper.startService(consumer);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        String address = consumer.address().getHostAddress() + ":" + consumer.port();
        return new MessageChannel() {
            public String address() {
                return address;
            }

            public long malformed() {
                return consumer.malformed();
            }

            public void close() {
                ServiceHelper.stopAndShutdownService(consumer);
            }
        };
    }
}
