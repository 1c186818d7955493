package dev.clusterutils.backend;

import dev.clusterutils.settings.ClusterRequirements;
import java.util.Map;

/**
 * Creates the backend of a run. The default is {@link Backends#create}; a host platform plugs in
 * its own (a scheduler of its own, a recording fake in tests) and delegates the kinds it does not
 * handle to {@link #defaults()}.
 */
@FunctionalInterface
public interface BackendFactory {
    /**
     * @param kind         the backend chosen for the run ({@code local}, {@code slurm}, ... or a host's own name)
     * @param requirements the settings' {@code cluster_requirements}
     * @param maxJobs      local concurrency override; null uses the original's rule
     * @param jobEnv       extra environment variables for the jobs
     * @param config       what scheduler backends need: the command runner (Camel exec in production), the run's
     *                     log and layout, whether to submit job arrays
     */
    Backend create(String kind, ClusterRequirements requirements, Integer maxJobs, Map<String, String> jobEnv,
                   BackendConfig config);

    static BackendFactory defaults() {
        return Backends::create;
    }
}
