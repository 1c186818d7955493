package dev.clusterutils.backend;

import dev.clusterutils.backend.condor.CondorDialect;
import dev.clusterutils.backend.condor.CondorRequirements;
import dev.clusterutils.backend.dryrun.DryRunBackend;
import dev.clusterutils.backend.local.LocalBackend;
import dev.clusterutils.backend.scheduler.SchedulerBackend;
import dev.clusterutils.backend.slurm.SlurmDialect;
import dev.clusterutils.backend.slurm.SlurmRequirements;
import dev.clusterutils.settings.ClusterRequirements;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Choosing and creating a backend. Detection follows the original: HTCondor, then Slurm, else local. */
public final class Backends {
    public static final List<String> KINDS = List.of("local", "slurm", "condor", "dryrun");

    private Backends() {
    }

    /** {@code condor} if {@code condor_q} is on PATH, {@code slurm} if {@code sbatch} is, else null (no cluster). */
    public static String detect(Map<String, String> env) {
        if (onPath(env, "condor_q")) {
            return "condor";
        }
        if (onPath(env, "sbatch")) {
            return "slurm";
        }
        return null;
    }

    static boolean onPath(Map<String, String> env, String command) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Jobs kept submitted at once on a cluster when {@code --max-jobs} does not say (one sbatch per job). */
    public static final int DEFAULT_CLUSTER_IN_FLIGHT = 1000;
    /** With job arrays: two full arrays in flight, so the next one is queued while the last tasks of one run. */
    public static final int ARRAY_IN_FLIGHT = 2 * SlurmDialect.MAX_ARRAY_SIZE;

    /**
     * Creates the backend of the given kind, running scheduler commands through a plain process
     * runner (tests, embedding without Camel) and without a layout: only {@code local} works this way.
     *
     * @param maxJobs local concurrency override; null uses the original's rule from the requirements
     */
    public static Backend create(String kind, ClusterRequirements requirements, Integer maxJobs, Map<String, String> jobEnv) {
        if (!"local".equals(kind)) {
            throw new IllegalArgumentException("backend '" + kind + "' needs a BackendConfig (layout and command runner)");
        }
        return create(kind, requirements, maxJobs, jobEnv, null);
    }

    /**
     * Creates the backend of the given kind.
     *
     * @param maxJobs local: jobs at once (default: cores / request_cpus); slurm and condor: jobs submitted at once
     *                (default {@value #DEFAULT_CLUSTER_IN_FLIGHT}); with Slurm job arrays: tasks of one array
     *                running at once ({@code --array=...%N}; default no limit)
     * @throws RequirementsException when the requirements lack what the backend needs, before anything is submitted
     */
    public static Backend create(String kind, ClusterRequirements requirements, Integer maxJobs, Map<String, String> jobEnv,
                                 BackendConfig config) {
        switch (kind) {
            case "local" -> {
                int cores = Runtime.getRuntime().availableProcessors();
                int concurrency = maxJobs != null ? maxJobs
                        : LocalBackend.defaultConcurrency(cores, requirements.integer("max_cpus"), requirements.integer("request_cpus"));
                return new LocalBackend(concurrency, jobEnv);
            }
            case "slurm" -> {
                SlurmDialect dialect = slurmDialect(requirements, maxJobs, config);
                SchedulerBackend.Settings settings = SchedulerBackend.Settings.defaults()
                        .withMaxInFlight(config.jobArrays() ? ARRAY_IN_FLIGHT : maxJobs != null ? maxJobs : DEFAULT_CLUSTER_IN_FLIGHT)
                        .withBatches(config.jobArrays());
                if (config.pollInterval() != null) {
                    settings = settings.withPollInterval(config.pollInterval());
                }
                return new SchedulerBackend(dialect, config.commands(), settings, config.log());
            }
            case "condor" -> {
                CondorRequirements req = CondorRequirements.from(requirements);
                req.ignoredKeys().forEach(k -> config.log().warning("Settings: cluster_requirements contained entry '" + k
                        + "' which is not supported by HTCondor. It will be ignored."));
                if (config.jobArrays()) {
                    config.log().warning("Job arrays are a Slurm feature; HTCondor jobs are submitted one by one.");
                }
                SchedulerBackend.Settings settings = SchedulerBackend.Settings.defaults()
                        .withMaxInFlight(maxJobs != null ? maxJobs : DEFAULT_CLUSTER_IN_FLIGHT);
                if (config.pollInterval() != null) {
                    settings = settings.withPollInterval(config.pollInterval());
                }
                return new SchedulerBackend(new CondorDialect(req, config.layout()), config.commands(), settings, config.log());
            }
            case "dryrun" -> {
                SlurmDialect dialect = slurmDialect(requirements, maxJobs, config);
                return new DryRunBackend(dialect, config.layout().submitCommands(), config.jobArrays(), config.log());
            }
            default -> throw new IllegalArgumentException("unknown backend '" + kind + "'; use one of " + KINDS);
        }
    }

    private static SlurmDialect slurmDialect(ClusterRequirements requirements, Integer maxJobs, BackendConfig config) {
        SlurmRequirements req = SlurmRequirements.from(requirements);
        req.ignoredKeys().forEach(k -> config.log().warning("Settings: cluster_requirements contained entry '" + k
                + "' which is not supported by Slurm. It will be ignored."));
        SlurmDialect.Accounting accounting = config.accounting() != null ? config.accounting() : SlurmDialect.Accounting.DETECT;
        return new SlurmDialect(req, config.layout(), config.jobArrays() ? maxJobs : null, accounting, config.log());
    }
}
