package dev.clusterutils.camel;

import dev.clusterutils.run.ResultsDirLock;
import dev.clusterutils.run.RunContext;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs alive in this CamelContext, by id, and the results directories they hold: two runs
 * writing one results directory would corrupt each other's journal, so the second one waits or
 * is refused.
 */
public final class RunRegistry {
    private final Map<String, RunContext> runs = new ConcurrentHashMap<>();
    private final Map<Path, String> resultsDirs = new ConcurrentHashMap<>();
    /** The cross-process lock of each reserved results dir (absent where none could be had). */
    private final Map<Path, ResultsDirLock> locks = new ConcurrentHashMap<>();
    /**
     * Runs that ended lately, so a caller of direct:cu-start that holds the reply's run id finds the
     * run also when it ended before it began (a failed checkout).
     */
    private final Map<String, RunContext> ended = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunContext> eldest) {
            return size() > ENDED_KEPT;
        }
    });
    private static final int ENDED_KEPT = 64;

    /** Thrown by {@link #reserve} when another live run, of this process or another, writes the same results directory. */
    public static final class ResultsDirBusy extends IllegalStateException {
        private final String holder;
        private final Path dir;

        public ResultsDirBusy(Path dir, String holder) {
            super("the results directory " + dir + " is in use by the live run " + holder);
            this.holder = holder;
            this.dir = dir;
        }

        ResultsDirBusy(Path dir, ResultsDirLock.Busy otherProcess, String holder) {
            super(otherProcess.getMessage(), otherProcess);
            this.holder = holder;
            this.dir = dir;
        }

        /** The results directory that is in use. */
        public Path dir() {
            return dir;
        }

        /** The id of the run that holds the directory, or "process PID" for another process's run. */
        public String holder() {
            return holder;
        }
    }

    /** Reserves {@code dir} for the run {@code id} before anything is written there. */
    public void reserve(Path dir, String id) {
        Path key = dir.toAbsolutePath().normalize();
        String holder = resultsDirs.putIfAbsent(key, id);
        if (holder != null && !holder.equals(id)) {
            throw new ResultsDirBusy(dir, holder);
        }
        if (holder == null) {
            try {
                ResultsDirLock.acquire(key).ifPresent(l -> locks.put(key, l));
            } catch (ResultsDirLock.Busy busy) {
                resultsDirs.remove(key, id);
                throw new ResultsDirBusy(dir, busy, busy.holder());
            } catch (RuntimeException e) {
                resultsDirs.remove(key, id);
                throw e;
            }
        }
    }

    /** Gives up a reservation: the run did not begin, or it has ended and written its tables. */
    public void release(Path dir, String id) {
        Path key = dir.toAbsolutePath().normalize();
        if (resultsDirs.remove(key, id)) {
            ResultsDirLock lock = locks.remove(key);
            if (lock != null) {
                lock.close();
            }
        }
    }

    public void add(RunContext ctx) {
        runs.put(ctx.id, ctx);
    }

    public RunContext get(String id) {
        return id == null ? null : runs.get(id);
    }

    /** The run is no longer live; its results directory stays reserved until {@link #release}d (its tables are still being written). */
    public void remove(String id) {
        RunContext ctx = runs.remove(id);
        if (ctx != null) {
            ended.put(id, ctx);
        }
    }

    /** The run of this id, live or among the last that ended; null when unknown. */
    public RunContext find(String id) {
        if (id == null) {
            return null;
        }
        RunContext live = runs.get(id);
        return live != null ? live : ended.get(id);
    }

    public boolean contains(String id) {
        return id != null && runs.containsKey(id);
    }

    public Collection<RunContext> all() {
        return runs.values();
    }
}
