package dev.clusterutils.protocol;

/**
 * A datagram that is not a protocol message: not a pickle, a pickle that refers to a global the
 * protocol does not use, too large or too deep, or a payload of the wrong shape. The message says
 * which, so that a dropped datagram can be explained in the log.
 */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
