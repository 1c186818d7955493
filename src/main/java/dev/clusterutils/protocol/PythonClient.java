package dev.clusterutils.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The Python client package shipped inside the jar (resources {@code python/cluster_utils/...},
 * from {@code src/main/python}), for jobs whose Python cannot import a cluster_utils of its own.
 *
 * <p>The check belongs in the job script, after the job's environment (venv, conda) is set up
 * and on the machine the job runs on: only there does "can this interpreter import
 * cluster_utils" have a meaningful answer. So the server copies the package next to the run
 * scripts once, and each script gets {@link #pythonPathLine} before the job command.
 */
public final class PythonClient {
    /** Every file of the package; a unit test keeps this list equal to src/main/python. */
    static final List<String> FILES = List.of(
            "cluster_utils/__init__.py",
            "cluster_utils/base/__init__.py",
            "cluster_utils/base/communication.py",
            "cluster_utils/base/constants.py",
            "cluster_utils/base/settings.py",
            "cluster_utils/base/utils.py",
            "cluster_utils/client/__init__.py",
            "cluster_utils/client/server_communication.py",
            "cluster_utils/client/submission_state.py");

    private static final String RESOURCE_ROOT = "/python/";

    private PythonClient() {
    }

    /**
     * Copies the package into {@code dir} (as {@code dir/cluster_utils/...}), replacing an older
     * copy, and returns {@code dir}: the entry to put on PYTHONPATH.
     */
    public static Path install(Path dir) throws IOException {
        for (String file : FILES) {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = PythonClient.class.getResourceAsStream(RESOURCE_ROOT + file)) {
                if (in == null) {
                    throw new IOException("the jar lacks the Python client file " + RESOURCE_ROOT + file);
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /**
     * A bash line for a job script: puts {@code clientDir} on PYTHONPATH only if {@code python}
     * (the job's interpreter, as on its command line) cannot import cluster_utils already, so
     * a user's own installation always wins.
     */
    public static String pythonPathLine(String python, Path clientDir) {
        String dir = shellQuote(clientDir.toAbsolutePath().toString());
        return "if ! " + shellQuote(python) + " -c 'import cluster_utils' >/dev/null 2>&1; then export PYTHONPATH="
                + dir + "${PYTHONPATH:+:$PYTHONPATH}; fi";
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
