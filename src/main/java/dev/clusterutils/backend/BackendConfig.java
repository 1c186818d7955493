package dev.clusterutils.backend;

import dev.clusterutils.backend.slurm.SlurmDialect;
import dev.clusterutils.layout.RunLayout;
import java.time.Duration;

/**
 * What a scheduler backend needs beyond the requirements: how to run commands, where to log,
 * where its files go.
 *
 * @param commands     runs sbatch, squeue, condor_q ...: Camel's exec component in production
 * @param layout       the run's file names (run scripts, .sub files, array scripts, markers)
 * @param jobArrays    Slurm: submit a grid search as job arrays ({@code --slurm-array})
 * @param pollInterval null keeps the backend's default (5 s for Slurm and HTCondor)
 * @param accounting   Slurm: how to read finished jobs; null detects it
 */
public record BackendConfig(CommandRunner commands, BackendLog log, RunLayout layout, boolean jobArrays,
                            Duration pollInterval, SlurmDialect.Accounting accounting) {

    public static BackendConfig of(CommandRunner commands, BackendLog log, RunLayout layout) {
        return new BackendConfig(commands, log, layout, false, null, null);
    }

    public BackendConfig withJobArrays(boolean on) {
        return new BackendConfig(commands, log, layout, on, pollInterval, accounting);
    }

    public BackendConfig withPollInterval(Duration d) {
        return new BackendConfig(commands, log, layout, jobArrays, d, accounting);
    }
}
