package dev.clusterutils.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test hook for the crash windows a SIGKILL cannot hit reliably. With the system property
 * {@value #PROPERTY}{@code =<point>:<n>} the server, the n-th time it reaches {@code point}, writes
 * the point's name to the file named by {@value #MARKER} and stops itself with SIGSTOP (every
 * thread at once, as a kill would find them); the test then kills it with SIGKILL. Without the
 * property this does nothing. Points: {@code job-intent} (the job's journal line is on disk, the
 * backend has not been asked), {@code job-started} (the local process exists, its handle is not
 * journaled yet), {@code report-part} (a report is written to its temporary file, not renamed yet).
 */
public final class CrashPoint {
    public static final String PROPERTY = "dev.clusterutils.crash-at";
    public static final String MARKER = "dev.clusterutils.crash-marker";
    private static final AtomicInteger REACHED = new AtomicInteger();

    private CrashPoint() {
    }

    public static void reached(String point) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || !spec.startsWith(point + ":")) {
            return;
        }
        int n = Integer.parseInt(spec.substring(point.length() + 1));
        if (REACHED.incrementAndGet() != n) {
            return;
        }
        try {
            String marker = System.getProperty(MARKER);
            if (marker != null) {
                Files.writeString(Path.of(marker), point + "\n");
            }
            new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(Long.MAX_VALUE);
        } catch (IOException e) {
            throw new IllegalStateException("crash point " + point + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
