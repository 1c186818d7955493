package dev.clusterutils.camel;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code cu-udp:ADDRESS:PORT}: the cluster_utils job-message socket as a Camel consumer. Every
 * datagram that decodes (the restricted pickle of {@link dev.clusterutils.protocol.MessageDecoder})
 * becomes an exchange whose body is the {@link dev.clusterutils.protocol.JobMessage}; garbage is
 * counted and dropped. Port 0 takes a free port ({@link CuUdpConsumer#port()} tells which). The
 * address is one address, never the wildcard: it is the one baked into the jobs' command lines.
 */
public final class CuUdpComponent extends DefaultComponent {
    public static final String SCHEME = "cu-udp";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String spec = remaining.startsWith("//") ? remaining.substring(2) : remaining;
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(uri + ": expected cu-udp:ADDRESS:PORT, e.g. cu-udp:127.0.0.1:0");
        }
        String host = spec.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(uri + ": the port '" + spec.substring(colon + 1) + "' is not a number");
        }
        CuUdpEndpoint endpoint = new CuUdpEndpoint(uri, this, host, port);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
