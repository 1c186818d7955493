package dev.clusterutils.workspace;

import dev.clusterutils.settings.EnvironmentSetup;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The Python client bundled in the jar ({@code python/cluster_utils}). Jobs whose Python cannot
 * import {@code cluster_utils} by itself get it through PYTHONPATH; one probe per run decides.
 */
public final class PythonClient {
    static final String RESOURCE_ROOT = "python";
    private static final String PACKAGE = "cluster_utils";

    private PythonClient() {
    }

    /** Unpacks the client into {@code target} (once per tool version) and returns the folder to put on PYTHONPATH. */
    public static Path install(Path target) throws IOException {
        Path marker = target.resolve(".complete");
        if (Files.exists(marker)) {
            return target;
        }
        URL root = PythonClient.class.getClassLoader().getResource(RESOURCE_ROOT + "/" + PACKAGE + "/__init__.py");
        if (root == null) {
            throw new IOException("the bundled Python client is missing from the classpath");
        }
        Path staging = Files.createTempDirectory(target.getParent() == null ? Path.of(".") : ensure(target.getParent()), ".client");
        try {
            if ("jar".equals(root.getProtocol())) {
                JarURLConnection conn = (JarURLConnection) root.openConnection();
                try (JarFile jar = conn.getJarFile()) {
                    for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                        String name = e.getName();
                        if (!e.isDirectory() && name.startsWith(RESOURCE_ROOT + "/" + PACKAGE + "/") && !name.endsWith(".pyc")) {
                            Path out = staging.resolve(name.substring(RESOURCE_ROOT.length() + 1));
                            Files.createDirectories(out.getParent());
                            try (InputStream in = jar.getInputStream(e)) {
                                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                }
            } else {
                Path src = Path.of(root.toURI()).getParent();
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        if (Files.isRegularFile(p) && !p.toString().endsWith(".pyc") && !p.toString().contains("__pycache__")) {
                            Path out = staging.resolve(PACKAGE).resolve(src.relativize(p).toString());
                            Files.createDirectories(out.getParent());
                            Files.copy(p, out, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            Files.createFile(staging.resolve(".complete"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another run unpacked the same version first: use theirs
                if (!Files.exists(marker)) {
                    throw raced;
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
        return target;
    }

    private static Path ensure(Path dir) throws IOException {
        Files.createDirectories(dir);
        return dir;
    }

    /** How long the import probe may take: a Python that does not answer in this time is not waited for. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The probe's answer. {@code note} is null when the probe ran and answered; otherwise it says
     * why it could not (executable not found, no answer in time) for the run's log.
     */
    public record Probe(boolean importable, String note) {
    }

    /**
     * Runs {@code <python> -c "import cluster_utils"} once, without a shell: the executable and its
     * arguments are one argv, so nothing in the settings is interpreted. The job's environment is
     * approximated as activation would set it: the variables of {@code environment_setup}, and
     * {@code <venv>/bin} and {@code <conda env>/bin} in front of PATH (relative paths against the project
     * dir, as the job's {@code cd} makes them). {@code pre_job_script} is not run. Whenever the probe
     * cannot answer (executable not found here, no answer within {@code timeout}) the answer is
     * "not importable": the bundled client goes on PYTHONPATH, which works for every job whose
     * Python exists where it runs.
     */
    public static Probe probe(EnvironmentSetup env, Path projectDir, Map<String, String> parentEnv, Duration timeout) {
        Map<String, String> environment = new HashMap<>(parentEnv);
        environment.putAll(env.variables());
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String prefix : Arrays.asList(env.condaEnvPath(), env.virtualEnvPath())) {
            if (prefix != null) {
                Path bin = projectDir.resolve(prefix).resolve("bin");
                path = bin + ":" + path;
            }
        }
        environment.put("PATH", path);
        if (env.virtualEnvPath() != null) {
            environment.put("VIRTUAL_ENV", projectDir.resolve(env.virtualEnvPath()).toString());
        }
        String python = env.pythonExecutable() == null ? "python3" : env.pythonExecutable();
        Path executable = resolveExecutable(python, projectDir, path);
        if (executable == null) {
            return new Probe(false, "the job's Python '" + python + "' is not an executable file here (PATH with the"
                    + " environment's bin/ first)");
        }
        ProcessBuilder pb = new ProcessBuilder(executable.toString(), "-c", "import cluster_utils")
                .directory(projectDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Probe(false, "the job's Python '" + python + "' did not answer within "
                        + (timeout.toMillis() % 1000 == 0 ? String.valueOf(timeout.toSeconds()) : String.valueOf(timeout.toMillis() / 1000.0))
                        + " s; not waiting for it");
            }
            return new Probe(p.exitValue() == 0, null);
        } catch (IOException e) {
            return new Probe(false, "the job's Python '" + python + "' could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(false, "interrupted");
        }
    }

    /** As bash finds a command: a word with a slash is a path (relative to the job's directory), else PATH is searched. */
    static Path resolveExecutable(String word, Path dir, String path) {
        if (word.isEmpty()) {
            return null;
        }
        if (word.indexOf('/') >= 0) {
            Path p = dir.resolve(word);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        for (String d : path.split(":")) {
            Path p = (d.isEmpty() ? dir : dir.resolve(d)).resolve(word);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
