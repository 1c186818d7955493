package dev.clusterutils.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code cu.*} properties that shape how a run is executed (the {@link RunOptions}), in one
 * place for the command line, the inbox and embedding hosts. They come from wherever the caller
 * keeps properties (an application.properties, {@code -D} flags, a host's property sources);
 * the caller hands them in as a lookup. docs/integration.md lists them with their defaults.
 */
public final class RunProperties {
    /** Where jobs run: local, slurm, condor, dryrun (or a host backend's own kind). Default: detected. */
    public static final String BACKEND = "cu.backend";
    /** Local backend: jobs at once. Default: cores / request_cpus. */
    public static final String MAX_JOBS = "cu.max-jobs";
    /** Address the job-message listener binds to and jobs send to. Default: chosen per backend. */
    public static final String LISTEN_ADDRESS = "cu.listen-address";
    /** Abort when failed jobs exceed successful + running + this. Default: 5. */
    public static final String FAILURE_MARGIN = "cu.failure-margin";
    /** Seed for sampling and optimizers. Default: random, recorded in the journal. */
    public static final String SEED = "cu.seed";
    /** ask, resume, fresh, fail: see {@link ExistingResults}. Default: ask on the command line, resume elsewhere. */
    public static final String EXISTING_RESULTS = "cu.existing-results";
    /** The directory a run works in (a relative script path and imports resolve against it). Default: the process's. */
    public static final String WORKING_DIR = "cu.working-dir";

    public static final List<String> RUN_KEYS = List.of(BACKEND, MAX_JOBS, LISTEN_ADDRESS, FAILURE_MARGIN, SEED,
            EXISTING_RESULTS, WORKING_DIR);

    private RunProperties() {
    }

    /**
     * {@code base} with every property that {@code lookup} knows applied. Blank values count as unset.
     *
     * @throws IllegalArgumentException naming every malformed property at once
     */
    public static RunOptions apply(RunOptions base, Function<String, String> lookup) {
        List<String> problems = new ArrayList<>();
        String backend = text(lookup, BACKEND);
        Integer maxJobs = integer(lookup, MAX_JOBS, 1, problems);
        String listen = text(lookup, LISTEN_ADDRESS);
        Integer margin = integer(lookup, FAILURE_MARGIN, 0, problems);
        Long seed = null;
        String seedText = text(lookup, SEED);
        if (seedText != null) {
            try {
                seed = Long.parseLong(seedText);
            } catch (NumberFormatException e) {
                problems.add(SEED + "=" + seedText + ": not a whole number");
            }
        }
        String dir = text(lookup, WORKING_DIR);
        existingResults(lookup, ExistingResults.RESUME, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Path cwd = dir == null ? base.cwd() : base.cwd().resolve(dir).toAbsolutePath().normalize();
        return new RunOptions(backend != null ? backend : base.backend(), base.resume(),
                maxJobs != null ? maxJobs : base.maxJobs(), listen != null ? listen : base.listenAddress(),
                margin != null ? margin : base.failureMargin(), seed != null ? seed : base.seed(), base.env(), base.home(), cwd);
    }

    /** The existing-results policy, {@code fallback} when unset. */
    public static ExistingResults existingResults(Function<String, String> lookup, ExistingResults fallback) {
        List<String> problems = new ArrayList<>();
        ExistingResults r = existingResults(lookup, fallback, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        return r;
    }

    private static ExistingResults existingResults(Function<String, String> lookup, ExistingResults fallback, List<String> problems) {
        String t = text(lookup, EXISTING_RESULTS);
        if (t == null) {
            return fallback;
        }
        try {
            return ExistingResults.parse(t);
        } catch (IllegalArgumentException e) {
            problems.add(EXISTING_RESULTS + "=" + t + ": " + e.getMessage());
            return fallback;
        }
    }

    /** A lookup over a map, for callers that hold their properties as one. */
    public static Function<String, String> lookup(Map<String, String> properties) {
        return properties::get;
    }

    static String text(Function<String, String> lookup, String key) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static Integer integer(Function<String, String> lookup, String key, int min, List<String> problems) {
        String v = text(lookup, key);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                problems.add(key + "=" + v + ": must be at least " + min);
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(key + "=" + v + ": not a whole number");
            return null;
        }
    }
}
