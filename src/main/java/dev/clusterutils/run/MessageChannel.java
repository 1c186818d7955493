package dev.clusterutils.run;

import dev.clusterutils.protocol.JobMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Consumer;

/** Where job messages arrive: the UDP listener in production, something simpler in tests. */
public interface MessageChannel extends AutoCloseable {
    /** {@code ip:port} as it goes on the job's command line. */
    String address();

    /** Datagrams that could not be decoded. */
    long malformed();

    @Override
    void close();

    @FunctionalInterface
    interface Factory {
        /** {@code port} 0 chooses a free one. */
        MessageChannel open(InetAddress bindAddress, int port, Consumer<JobMessage> sink) throws IOException;
    }
}
