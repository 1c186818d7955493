package dev.clusterutils.workspace;

import java.io.IOException;

/** A git step that cannot succeed as configured; the message tells the user what to change. */
public final class GitException extends IOException {
    public GitException(String message) {
        super(message);
    }
}
