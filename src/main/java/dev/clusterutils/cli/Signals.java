package dev.clusterutils.cli;

/**
 * Ctrl-C and SIGTERM handled by the server itself: instead of the JVM's immediate shutdown, the
 * run stops its jobs and writes consistent tables before the process exits with 130.
 */
final class Signals {
    private Signals() {
    }

    @SuppressWarnings("restriction")
    static void onInterrupt(Runnable action) {
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
            } catch (IllegalArgumentException e) {
                // the signal is reserved on this platform: keep the JVM's default
            }
        }
    }
}
