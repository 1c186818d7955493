package dev.clusterutils.protocol;

import java.io.IOException;

/** A {@code metrics.csv} that is not the one-header-one-row file the client writes; the message says what is wrong. */
public final class MalformedMetricsException extends IOException {
    public MalformedMetricsException(String message) {
        super(message);
    }

    public MalformedMetricsException(String message, Throwable cause) {
        super(message, cause);
    }
}
