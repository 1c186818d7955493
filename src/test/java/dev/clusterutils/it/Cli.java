package dev.clusterutils.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded jar as a user would: a separate JVM with its own HOME and cache dir, standard
 * input from /dev/null (no terminal), output captured.
 */
final class Cli {
    static Path jar() {
        String configured = System.getProperty("cu.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "cluster-utils.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("the shaded jar is missing: " + jar + " (run mvn package first)");
        }
        return jar.toAbsolutePath();
    }

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new java.util.HashMap<>();
        private Path cwd = Path.of(".").toAbsolutePath();
        private Path home;
        private Duration timeout = Duration.ofMinutes(3);

        Builder args(String... a) {
            args.addAll(List.of(a));
            return this;
        }

        /** JVM options before {@code -jar}, e.g. {@code -Dcu.seed=3}. */
        Builder jvm(String... a) {
            jvmArgs.addAll(List.of(a));
            return this;
        }

        Builder cwd(Path dir) {
            cwd = dir;
            return this;
        }

        Builder home(Path dir) {
            home = dir;
            return this;
        }

        Builder env(String k, String v) {
            env.put(k, v);
            return this;
        }

        Builder timeout(Duration d) {
            timeout = d;
            return this;
        }

        Process start(Path stdoutFile, Path stderrFile) throws IOException {
            List<String> cmd = new ArrayList<>();
            if (ENV_RESETS_SIGNALS) {
                // started as from a terminal: a test JVM run in the background of a non-interactive shell
                // ignores SIGINT, the server would inherit that, and the JVM then keeps ignoring Ctrl-C
                cmd.addAll(List.of("env", "--default-signal=INT,HUP"));
            }
            cmd.addAll(List.of(javaBin(), "-XX:TieredStopAtLevel=1"));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-jar", jar().toString()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdoutFile.toFile()).redirectError(stderrFile.toFile());
            if (home != null) {
                pb.environment().put("HOME", home.toString());
                pb.environment().put("CLUSTER_UTILS_CACHE_DIR", home.resolve("cache").toString());
            }
            pb.environment().putAll(env);
            return pb.start();
        }

        Result run() throws IOException, InterruptedException {
            Path out = Files.createTempFile("cu-out", ".txt");
            Path err = Files.createTempFile("cu-err", ".txt");
            Process p = start(out, err);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cluster-utils did not finish within " + timeout + "\nstdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    /** Whether this machine's env(1) can reset signal dispositions (GNU coreutils 8.31 and later). */
    static final boolean ENV_RESETS_SIGNALS = envResetsSignals();

    private static boolean envResetsSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT,HUP", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether process {@code pid} ignores SIGINT (bit 2 of SigIgn in /proc): then Ctrl-C cannot reach it. */
    static boolean ignoresInterrupt(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
            }
        }
        return false;
    }

    static Builder cli() {
        return new Builder();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Cli() {
    }
}
