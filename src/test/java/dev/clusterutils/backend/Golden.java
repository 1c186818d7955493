package dev.clusterutils.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for generated text (sbatch scripts, .sub files). A mismatch fails with a diff-able
 * message; {@code -Dgolden.update=true} rewrites the files, to be reviewed in git before committing.
 */
public final class Golden {
    static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static void assertGolden(String name, String actual) throws IOException {
        Path file = ROOT.resolve(name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            if (!Boolean.getBoolean("golden.update")) {
                throw new AssertionError("golden file " + file + " did not exist; written now, review and commit it");
            }
            return;
        }
        assertEquals(Files.readString(file), actual, "golden file " + file + " (-Dgolden.update=true rewrites it)");
    }
}
