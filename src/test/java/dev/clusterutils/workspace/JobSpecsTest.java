package dev.clusterutils.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.EnvironmentSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpecsTest {
    @TempDir
    Path tmp;

    JobSpecs specs() throws Exception {
        RunLayout layout = new RunLayout(tmp.resolve("res"), Files.createDirectories(tmp.resolve("jobs")), null);
        EnvironmentSetup env = new EnvironmentSetup(null, null, Map.of(), null, true, false, "python3");
        return new JobSpecs(layout, "local", "demo", new JobCommand(env, tmp, "train.py", null, null), "127.0.0.1:9", "");
    }

    @Test
    void aDictTheCommandLineCarriesStaysOnIt() throws Exception {
        JobSpec spec = specs().create(3, 77, 0, new LinkedHashMap<>(Map.of("lr", 0.1, "id", 3L)), false);
        assertTrue(spec.commandBlock().contains("--parameter-dict"), spec.commandBlock());
        try (var files = Files.list(tmp.resolve("jobs"))) {
            assertEquals(List.of(), files.toList(), "no parameter file");
        }
    }

    @Test
    void nanOrInfinityGoesToAFileBecauseLiteralEvalCannotReadIt() throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("nested", Map.of("x", List.of(1.0, Double.NaN)));
        p.put("id", 4L);
        JobSpec spec = specs().create(4, 78, 0, p, false);
        Path file = tmp.resolve("jobs/0_4.params.json");
        assertFalse(spec.commandBlock().contains("--parameter-dict"), spec.commandBlock());
        assertTrue(spec.commandBlock().endsWith("'" + file + "'") || spec.commandBlock().endsWith(file.toString()), spec.commandBlock());
        assertEquals("{\"nested\":{\"x\":[1.0,NaN]},\"id\":4}", Files.readString(file));
    }
}
