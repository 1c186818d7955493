package dev.clusterutils.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonClientTest {
    private static final Path SOURCES = Path.of("src/main/python");

    @Test
    void installCopiesTheWholePackageFromTheClasspath(@TempDir Path dir) throws Exception {
        Path root = PythonClient.install(dir.resolve("client"));
        List<Path> expected;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            expected = files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("__pycache__")).toList();
        }
        assertFalse(expected.isEmpty());
        for (Path source : expected) {
            Path copy = root.resolve(SOURCES.relativize(source).toString());
            assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(copy), copy.toString());
        }
        assertEquals(root, PythonClient.install(dir.resolve("client")), "a second install reuses the first");
    }

    @Test
    void theProbeTellsWhetherAJobCanImportTheClient(@TempDir Path dir) throws Exception {
        Path root = PythonClient.install(dir.resolve("client"));
        assertFalse(PythonClient.importable(List.of("cd " + dir), "python3", dir));
        assertTrue(PythonClient.importable(List.of("cd " + dir, "export PYTHONPATH=" + root), "python3", dir));
    }
}
