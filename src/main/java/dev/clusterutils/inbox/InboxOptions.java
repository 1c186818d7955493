package dev.clusterutils.inbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How the inbox server watches its folder.
 *
 * @param dir            the watched folder
 * @param concurrentRuns runs at once; further files wait in the folder
 * @param pollMillis     how often the folder is looked at
 * @param settleMillis   a file is taken only once its size and time stamp have not changed for this
 *                       long, so a file still being written is never read half-written
 */
public record InboxOptions(Path dir, int concurrentRuns, long pollMillis, long settleMillis) {
    public static final String DIR = "cu.inbox";
    public static final String CONCURRENT_RUNS = "cu.inbox.concurrent-runs";
    public static final String POLL_MS = "cu.inbox.poll-ms";
    public static final String SETTLE_MS = "cu.inbox.settle-ms";
    /** Derived, not set by users: how long the file consumer waits for a file to settle before it looks again later. */
    public static final String LOCK_TIMEOUT_MS = "cu.inbox.lock-timeout-ms";

    public static final int DEFAULT_CONCURRENT_RUNS = 1;
    public static final long DEFAULT_POLL_MS = 1000;
    public static final long DEFAULT_SETTLE_MS = 1000;

    public InboxOptions {
        if (concurrentRuns < 1) {
            throw new IllegalArgumentException(CONCURRENT_RUNS + " must be at least 1");
        }
    }

    /** Longer than the settle time, so a settled file is always taken; a file still growing waits for a later poll. */
    public long lockTimeoutMillis() {
        return settleMillis + 10_000;
    }

    /**
     * From properties; {@code dir} (the command line's {@code --inbox}) wins over {@code cu.inbox}.
     *
     * @throws IllegalArgumentException naming every malformed property at once
     */
    public static InboxOptions from(Path dir, Function<String, String> lookup) {
        List<String> problems = new ArrayList<>();
        String dirText = lookup.apply(DIR);
        Path folder = dir != null ? dir : dirText == null || dirText.isBlank() ? null : Path.of(dirText.trim());
        if (folder == null) {
            problems.add("no inbox folder: give --inbox DIR or the property " + DIR);
        }
        long concurrent = number(lookup, CONCURRENT_RUNS, DEFAULT_CONCURRENT_RUNS, 1, problems);
        long poll = number(lookup, POLL_MS, DEFAULT_POLL_MS, 10, problems);
        long settle = number(lookup, SETTLE_MS, DEFAULT_SETTLE_MS, 0, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new InboxOptions(folder.toAbsolutePath().normalize(), (int) concurrent, poll, settle);
    }

    private static long number(Function<String, String> lookup, String key, long fallback, long min, List<String> problems) {
        String v = lookup.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min) {
                problems.add(key + "=" + v + ": must be at least " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(key + "=" + v + ": not a whole number");
            return fallback;
        }
    }
}
