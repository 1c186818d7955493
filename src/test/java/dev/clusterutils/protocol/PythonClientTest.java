package dev.clusterutils.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonClientTest {
    private static final Path SOURCES = Path.of("src/main/python");

    @Test
    void theFileListIsTheWholePackage() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<String> actual = files.filter(Files::isRegularFile)
                    .map(p -> SOURCES.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.contains("__pycache__"))
                    .sorted().toList();
            assertEquals(actual, PythonClient.FILES.stream().sorted().toList());
        }
    }

    @Test
    void installCopiesThePackageFromTheClasspath(@TempDir Path dir) throws IOException {
        Path root = PythonClient.install(dir.resolve("client"));
        for (String file : PythonClient.FILES) {
            assertArrayEquals(Files.readAllBytes(SOURCES.resolve(file)), Files.readAllBytes(root.resolve(file)), file);
        }
        PythonClient.install(root); // again, over the old copy
    }

    @Test
    void thePythonPathLineQuotesThePath(@TempDir Path dir) {
        String line = PythonClient.pythonPathLine("python3", dir.resolve("it's here"));
        assertTrue(line.startsWith("if ! 'python3' -c 'import cluster_utils' >/dev/null 2>&1; then export PYTHONPATH='"), line);
        assertTrue(line.endsWith("it'\\''s here'${PYTHONPATH:+:$PYTHONPATH}; fi"), line);
    }
}
