package dev.clusterutils.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one scheduler command ({@code sbatch}, {@code squeue}, {@code condor_q} ...) and waits for it,
 * never longer than the timeout. Plain Java so that backends and their tests need no Camel; the
 * production wiring passes a runner built on Camel's exec component.
 */
public interface CommandRunner {

    /**
     * @param argv    the executable and its arguments, passed as they are (no shell)
     * @param workDir the command's working directory; null keeps the server's
     * @param timeout the command is killed after this long and the result says {@code timedOut}
     * @throws IOException when the command cannot be started at all (not on PATH, not executable)
     */
    CommandResult run(List<String> argv, Path workDir, Duration timeout) throws IOException;
}
