package dev.clusterutils.backend;

import dev.clusterutils.backend.local.LocalBackend;
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

    /**
     * Creates the backend of the given kind.
     *
     * @param maxJobs local concurrency override; null uses the original's rule from the requirements
     */
    public static Backend create(String kind, ClusterRequirements requirements, Integer maxJobs, Map<String, String> jobEnv) {
        switch (kind) {
            case "local" -> {
                int cores = Runtime.getRuntime().availableProcessors();
                int concurrency = maxJobs != null ? maxJobs
                        : LocalBackend.defaultConcurrency(cores, requirements.integer("max_cpus"), requirements.integer("request_cpus"));
                return new LocalBackend(concurrency, jobEnv);
            }
            default -> throw new IllegalArgumentException("backend '" + kind + "' is not available in this build; use one of "
                    + List.of("local"));
        }
    }
}
