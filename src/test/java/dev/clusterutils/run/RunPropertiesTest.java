package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cu.* properties and their defaults. */
class RunPropertiesTest {
    @TempDir
    Path tmp;

    private static final RunOptions BASE = new RunOptions(null, false, null, null, 5, null, Map.of(), Path.of("/home/u"),
            Path.of("/work"));

    @Test
    void unsetPropertiesKeepTheDefaults() {
        assertEquals(BASE, RunProperties.apply(BASE, k -> null));
        assertEquals(BASE, RunProperties.apply(BASE, Map.of(RunProperties.BACKEND, "  ")::get), "blank counts as unset");
    }

    @Test
    void everyRunPropertyMapsToItsOption() {
        RunOptions o = RunProperties.apply(BASE, Map.of(RunProperties.BACKEND, "local", RunProperties.MAX_JOBS, "3",
                RunProperties.LISTEN_ADDRESS, "127.0.0.1", RunProperties.FAILURE_MARGIN, "0", RunProperties.SEED, "-7",
                RunProperties.WORKING_DIR, "project")::get);
        assertEquals(new RunOptions("local", false, 3, "127.0.0.1", 0, -7L, Map.of(), Path.of("/home/u"), Path.of("/work/project")), o);
    }

    @Test
    void everyMalformedPropertyIsReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunProperties.apply(BASE,
                Map.of(RunProperties.MAX_JOBS, "0", RunProperties.SEED, "x", RunProperties.FAILURE_MARGIN, "-1",
                        RunProperties.EXISTING_RESULTS, "maybe")::get));
        for (String part : new String[]{"cu.max-jobs=0", "cu.seed=x", "cu.failure-margin=-1", "cu.existing-results=maybe"}) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void theExistingResultsPolicyDecidesAboutResuming() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("journal.jsonl"), "{}");
        assertEquals(ExistingResults.RESUME, RunProperties.existingResults(k -> null, ExistingResults.RESUME));
        assertEquals(ExistingResults.FAIL, RunProperties.existingResults(Map.of(RunProperties.EXISTING_RESULTS, "Fail")::get,
                ExistingResults.RESUME));
        assertTrue(ExistingResults.RESUME.resumeFor(full));
        assertFalse(ExistingResults.FRESH.resumeFor(full));
        assertFalse(ExistingResults.FAIL.resumeFor(empty));
        assertThrows(IllegalStateException.class, () -> ExistingResults.FAIL.resumeFor(full));
        assertFalse(ExistingResults.FAIL.resumeFor(tmp.resolve("missing")));
    }
}
