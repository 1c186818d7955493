package dev.clusterutils.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.clusterutils.settings.EnvironmentSetup;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private static EnvironmentSetup env(String venv, Map<String, String> variables, String python) {
        return new EnvironmentSetup(venv, null, variables, null, true, false, python);
    }

    @Test
    void theProbeTellsWhetherAJobCanImportTheClient(@TempDir Path dir) throws Exception {
        Path root = PythonClient.install(dir.resolve("client"));
        Map<String, String> parent = Map.of("PATH", System.getenv("PATH"));
        assertEquals(new PythonClient.Probe(false, null),
                PythonClient.probe(env(null, Map.of(), "python3"), dir, parent, Duration.ofSeconds(30)));
        assertEquals(new PythonClient.Probe(true, null), PythonClient.probe(env(null, Map.of("PYTHONPATH", root.toString()), "python3"),
                dir, parent, Duration.ofSeconds(30)), "the settings' variables reach the probe");
    }

    @Test
    void theProbeFindsTheVirtualEnvironmentsPython(@TempDir Path dir) throws Exception {
        // a stand-in for <venv>/bin/python3 that succeeds only when the probe resolved it through the venv
        Path bin = Files.createDirectories(dir.resolve("my venv/bin"));
        Files.writeString(bin.resolve("python3"), "#!/bin/sh\n[ \"$VIRTUAL_ENV\" = '" + dir.resolve("my venv") + "' ]\n");
        Files.setPosixFilePermissions(bin.resolve("python3"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(PythonClient.probe(env("my venv", Map.of(), "python3"), dir, Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(30)).importable());
    }

    @Test
    void hostilePathsAndValuesReachNoShell(@TempDir Path dir) throws Exception {
        Path pwned = dir.resolve("pwned");
        Map<String, String> parent = Map.of("PATH", System.getenv("PATH"));
        String[] pythons = {"python3; touch " + pwned, "$(touch " + pwned + ")", "`touch " + pwned + "`", "python3 -c 'open(\"" + pwned + "\", \"w\")' #"};
        for (String python : pythons) {
            PythonClient.Probe p = PythonClient.probe(env("$(touch " + pwned + ")", Map.of("X", "$(touch " + pwned + ")"), python),
                    dir, parent, Duration.ofSeconds(30));
            assertFalse(p.importable(), python);
            assertTrue(p.note().contains("is not an executable file here"), p.note());
        }
        assertFalse(Files.exists(pwned), "no settings value was run as shell code");
    }

    @Test
    void aPythonThatDoesNotAnswerIsNotWaitedFor(@TempDir Path dir) throws Exception {
        Path hang = dir.resolve("hang");
        Files.writeString(hang, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwxr-xr-x"));
        PythonClient.Probe p = PythonClient.probe(env(null, Map.of(), hang.toString()), dir, Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofMillis(300));
        assertEquals(new PythonClient.Probe(false, "the job's Python '" + hang + "' did not answer within 0.3 s; not waiting for it"), p);
    }
}
