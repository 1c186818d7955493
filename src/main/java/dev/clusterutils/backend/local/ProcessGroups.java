package dev.clusterutils.backend.local;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals to a job's process group. Java can signal a process but not a group, and spawning
 * {@code kill} is a process start from the JVM per call; at two calls per job that was two thirds of
 * the processes a grid of short jobs started. The C library's kill(2) through JNA is a system call instead,
 * and signal 0 tells whether any member is left, so an empty group costs nothing more. Where
 * JNA cannot load (no native library for the platform, a noexec temporary directory), it falls
 * back to the {@code kill} command.
 */
final class ProcessGroups {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
    private static final int ESRCH = 3;

    /** The signals the backend sends; the numbers are the same on Linux and the BSDs. */
    enum Signal {
        PROBE(0, "0"), TERM(15, "TERM"), KILL(9, "KILL");

        final int number;
        final String name;

        Signal(int number, String name) {
            this.number = number;
            this.name = name;
        }
    }

    interface CLibrary extends Library {
        int kill(int pid, int signal);
    }

    private static volatile CLibrary libc;
    private static volatile boolean loadTried;

    private ProcessGroups() {
    }

    private static CLibrary libc() {
        if (!loadTried) {
            synchronized (ProcessGroups.class) {
                if (!loadTried) {
                    try {
                        libc = Native.load("c", CLibrary.class);
                    } catch (Throwable e) {
                        // UnsatisfiedLinkError and friends: the kill command still works
                        LOG.debug("kill(2) through JNA is not available ({}); using the kill command", e.toString());
                    }
                    loadTried = true;
                }
            }
        }
        return libc;
    }

    /** Whether signals go through kill(2) (true) or through the kill command. */
    static boolean systemCall() {
        return libc() != null;
    }

    /** Whether the group still has a member (as far as this user may signal it). */
    static boolean alive(long pgid) {
        return signal(pgid, Signal.PROBE);
    }

    /**
     * Sends the signal to every process of the group; false when the group has no member left (or
     * none this user may signal).
     */
    static boolean signal(long pgid, Signal signal) {
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            return false;
        }
        CLibrary c = libc();
        if (c != null) {
            int rc = c.kill((int) -pgid, signal.number);
            return rc == 0 || Native.getLastError() != ESRCH;
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + signal.name, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
