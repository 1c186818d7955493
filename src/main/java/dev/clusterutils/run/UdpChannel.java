package dev.clusterutils.run;

import dev.clusterutils.protocol.JobMessage;
import dev.clusterutils.protocol.UdpListener;
import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Consumer;

/** The production message channel: the UDP listener on an ephemeral port of the chosen address. */
public final class UdpChannel implements MessageChannel {
    private final UdpListener listener;
    private final String address;

    private UdpChannel(UdpListener listener) {
        this.listener = listener;
        this.address = listener.address().getHostAddress() + ":" + listener.port();
    }

    public static MessageChannel open(InetAddress bind, int port, Consumer<JobMessage> sink) throws IOException {
        return new UdpChannel(UdpListener.start(bind, port, sink));
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public long malformed() {
        return listener.malformed();
    }

    @Override
    public void close() {
        listener.close();
    }
}
