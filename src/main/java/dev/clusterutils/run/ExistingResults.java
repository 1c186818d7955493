package dev.clusterutils.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What to do when a run's results directory already holds something. The command line asks the
 * user; the inbox and embedding hosts have nobody to ask, so they follow a policy, by default
 * {@link #RESUME}: it never deletes results, and a file that comes back after a crash or a stop
 * continues the run its journal records instead of starting it again.
 */
public enum ExistingResults {
    /** Ask the user (command line only; elsewhere it means {@link #RESUME}). */
    ASK,
    /** Keep the directory and continue the run its journal records (finished jobs are not run again). */
    RESUME,
    /** Delete the directory and start afresh. */
    FRESH,
    /** Refuse to run. */
    FAIL;

    public static ExistingResults parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not one of ask, resume, fresh, fail");
        }
    }

    /**
     * The resume flag for a run whose results go to {@code resultsDir}, for callers without a user.
     *
     * @throws IllegalStateException with {@link #FAIL} when the directory is not empty
     */
    public boolean resumeFor(Path resultsDir) throws IOException {
        if (this == FRESH) {
            return false;
        }
        if (this == FAIL && nonEmpty(resultsDir)) {
            throw new IllegalStateException("the results directory " + resultsDir + " already exists and is not empty "
                    + "(existing results policy: fail)");
        }
        return this != FAIL;
    }

    public static boolean nonEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
