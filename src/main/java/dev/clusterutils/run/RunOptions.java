package dev.clusterutils.run;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run, beyond the settings file: chosen on the command line, by a host, or by properties.
 *
 * @param backend        {@code local}, {@code slurm}, {@code condor}, {@code dryrun}, or null to detect
 * @param resume         continue the run recorded in the results dir's journal instead of starting afresh
 * @param maxJobs        local: jobs at once (default: cores / request_cpus); slurm, condor: jobs submitted at once
 *                       (default 1,000); with {@code jobArrays}: tasks of one array running at once
 * @param listenAddress  address the message listener binds to and jobs send to; null chooses one
 * @param failureMargin  abort when failed > succeeded + running + margin (the original's 5)
 * @param seed           seed for sampling and optimizers; null draws one (recorded in the journal)
 * @param hangTimeoutSeconds a job that sent its results but has not ended after this long is stopped
 * @param jobArrays      Slurm: submit a grid search as job arrays of up to 1,000 jobs ({@code --slurm-array})
 */
public record RunOptions(
        String backend,
        boolean resume,
        Integer maxJobs,
        String listenAddress,
        int failureMargin,
        Long seed,
        Map<String, String> env,
        Path home,
        Path cwd,
        boolean jobArrays,
        long hangTimeoutSeconds) {

    public RunOptions(String backend, boolean resume, Integer maxJobs, String listenAddress, int failureMargin, Long seed,
                      Map<String, String> env, Path home, Path cwd) {
        this(backend, resume, maxJobs, listenAddress, failureMargin, seed, env, home, cwd, false, 60);
    }

    public static RunOptions defaults() {
        // $HOME first, as Python's expanduser: the results dir of the original is relative to it
        String home = System.getenv("HOME");
        return new RunOptions(null, false, null, null, 5, null, System.getenv(),
                Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")), Path.of("").toAbsolutePath());
    }

    public RunOptions withBackend(String b) {
        return new RunOptions(b, resume, maxJobs, listenAddress, failureMargin, seed, env, home, cwd, jobArrays, hangTimeoutSeconds);
    }

    public RunOptions withResume(boolean r) {
        return new RunOptions(backend, r, maxJobs, listenAddress, failureMargin, seed, env, home, cwd, jobArrays, hangTimeoutSeconds);
    }

    public RunOptions withJobArrays(boolean on) {
        return new RunOptions(backend, resume, maxJobs, listenAddress, failureMargin, seed, env, home, cwd, on, hangTimeoutSeconds);
    }
}
