package dev.clusterutils.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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

    /**
     * Runs the job's environment lines (cd, venv/conda activation, variables) and
     * {@code <python> -c "import cluster_utils"} once; true when the job can import the client itself.
     */
    public static boolean importable(List<String> environmentLines, String python, Path workDir) {
        StringBuilder script = new StringBuilder();
        for (String line : environmentLines) {
            if (!line.isBlank() && !line.startsWith("./") && !line.startsWith("bash ")) {
                script.append(line).append('\n');
            }
        }
        script.append(python).append(" -c 'import cluster_utils' >/dev/null 2>&1\n");
        try {
            Process p = new ProcessBuilder("bash", "-c", script.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
