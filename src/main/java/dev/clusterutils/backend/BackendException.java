package dev.clusterutils.backend;

/** A submission the backend refused or could not make; {@code transient} ones are worth retrying. */
public final class BackendException extends Exception {
    private final boolean transientFailure;

    public BackendException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public BackendException(String message, boolean transientFailure) {
        this(message, transientFailure, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
