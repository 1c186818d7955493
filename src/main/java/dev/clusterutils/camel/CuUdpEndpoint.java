package dev.clusterutils.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A job-message socket address ({@link CuUdpComponent}); consume only: jobs send, the server listens. */
public final class CuUdpEndpoint extends DefaultEndpoint {
    private final String host;
    private final int port;

    CuUdpEndpoint(String uri, CuUdpComponent component, String host, int port) {
        super(uri, component);
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("cu-udp only receives; jobs send with the cluster_utils client");
    }

    @Override
    public CuUdpConsumer createConsumer(Processor processor) throws Exception {
        CuUdpConsumer consumer = new CuUdpConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isSingleton() {
        // port 0 means "a free port" for each consumer: every consumer binds its own socket
        return false;
    }
}
