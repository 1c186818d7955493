package dev.clusterutils.backend;

/** A job as the backend knows it: {@code local-3}, a Slurm job id, a Condor {@code cluster.proc}. */
public record JobHandle(String backend, String id) {
    @Override
    public String toString() {
        return id;
    }
}
