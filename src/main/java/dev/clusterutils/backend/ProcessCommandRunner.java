package dev.clusterutils.backend;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CommandRunner} on {@link ProcessBuilder}. Output goes to temporary files rather than
 * pipes: a command that leaves a background child holding its stdout (condor_submit starting a
 * shadow, a wrapper script) must not make us wait for that child.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private final Map<String, String> environment;

    public ProcessCommandRunner() {
        this(Map.of());
    }

    /** @param environment variables added to (or replacing) the server's in every command, e.g. a test's PATH */
    public ProcessCommandRunner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public CommandResult run(List<String> argv, Path workDir, Duration timeout) throws IOException {
        Path out = Files.createTempFile("cu-cmd", ".out");
        Path err = Files.createTempFile("cu-cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(resolve(argv))
                    .redirectInput(Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            pb.environment().putAll(environment);
            Process p = pb.start();
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(p);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + argv.get(0), e);
            }
            if (!finished) {
                kill(p);
                return new CommandResult(argv, -1, read(out), read(err), true);
            }
            return new CommandResult(argv, p.exitValue(), read(out), read(err), false);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The JVM looks commands up on its own PATH; a PATH given for the commands must win (tests put fakes first). */
    private List<String> resolve(List<String> argv) {
        String path = environment.get("PATH");
        if (path == null || argv.get(0).contains("/")) {
            return argv;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, argv.get(0));
            if (Files.isExecutable(candidate)) {
                List<String> resolved = new ArrayList<>(argv);
                resolved.set(0, candidate.toString());
                return resolved;
            }
        }
        return argv;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
