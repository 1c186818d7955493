package dev.clusterutils.run;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When the server reached each step on the way to its first job, for metadata.json's
 * {@code server_milestones_ms} (docs/performance.md reads it through bench/start-phases). Marking costs a
 * clock read, so the steps are marked on every run, not only when someone measures.
 *
 * <p>The command line's steps before a run exists (arguments, settings, Camel) are marked on
 * {@link #PROCESS}; a run's own steps on its context's instance. A step keeps the first time it was
 * reached: a server that runs many runs reports the process's steps once.
 */
public final class Milestones {
    public enum Milestone {
        /** {@code main} entered: the JVM and the launcher script before it are behind. */
        MAIN,
        /** picocli has parsed the arguments and calls the command. */
        ARGUMENTS_PARSED,
        /** The settings file is read and valid (the point where a typo is answered). */
        SETTINGS_READ,
        /** Camel Main has started its routes. */
        CAMEL_STARTED,
        /** The start stage has made the results dir, the journal and the first metadata. */
        RUN_STARTED,
        /** The checkout stage has answered (the working copy described, or the code cloned). */
        CHECKED_OUT,
        /** The run's backend is chosen and ready. */
        BACKEND_READY,
        /** The run's message channel (its UDP address) is open. */
        CHANNEL_OPEN,
        /** The run's coordinator is built (grid planned, or the optimizer made) and the run goes. */
        COORDINATOR_STARTED,
        /** The backend has accepted the first job. */
        FIRST_SUBMITTED;

        String key() {
            return name().toLowerCase();
        }
    }

    private static final Milestone[] ALL = Milestone.values();

    /** The command line's steps, shared by every run of this process. */
    public static final Milestones PROCESS = new Milestones();
    /** Epoch milliseconds per step; 0: not reached. */
    private final AtomicLongArray at = new AtomicLongArray(ALL.length);

    public void mark(Milestone m) {
        at.compareAndSet(m.ordinal(), 0, System.currentTimeMillis());
    }

    /** Epoch milliseconds when {@code m} was first reached, or 0. */
    public long at(Milestone m) {
        return at.get(m.ordinal());
    }

    /**
     * The steps reached on this instance and on {@link #PROCESS}, in order, as milliseconds since the
     * JVM started (the management bean's start time; what comes before, the launcher script and the
     * JVM's own start, is for a caller that knows when the command began: see {@link #jvmStartedAt}).
     */
    public Map<String, Long> sinceJvmStart() {
        long origin = jvmStartedAt();
        Map<String, Long> out = new LinkedHashMap<>();
        for (Milestone m : ALL) {
            long t = at(m) != 0 ? at(m) : PROCESS.at(m);
            if (t != 0) {
                out.put(m.key(), t - origin);
            }
        }
        return out;
    }

    /** Epoch milliseconds when this JVM started. */
    public static long jvmStartedAt() {
        return ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
