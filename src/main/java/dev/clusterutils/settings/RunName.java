package dev.clusterutils.settings;

import java.util.Optional;

/**
 * {@code optimization_procedure_name} becomes one folder name below {@code results_dir}, part of the
 * jobs and project folder names in the cache, and the scheduler's job name. A name that is not one
 * plain path segment would put results elsewhere, and "{@code ..}" with a yes to "delete old
 * results" would delete the parent folder: such names are refused before anything is written.
 */
public final class RunName {
    /** Room for the cache folders' {@code -<timestamp>-jobs} suffix within the usual 255-byte limit. */
    public static final int MAX_LENGTH = 200;

    private RunName() {
    }

    /** @return why {@code name} cannot be a run name, or empty when it can */
    public static Optional<String> problem(String name) {
        if (name.isBlank()) {
            return Optional.of("must not be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("'" + name + "' is not a folder name of its own; use a name such as 'my_grid'");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return Optional.of("must be one folder name, without '/' or '\\' (it is created inside results_dir): '" + name + "'");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("must not contain control characters such as a newline");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (!name.equals(name.strip())) {
            return Optional.of("must not start or end with white space: '" + name + "'");
        }
        if (name.matches("\\..+\\.lock") || name.matches("\\..+\\.deleting-.*")) {
            // the tool's own names beside a results dir (layout.RunLayout): a run there would take another run's lock
            return Optional.of("'" + name + "' is the name of a file this tool keeps beside another run's results; choose another");
        }
        return Optional.empty();
    }
}
