package dev.clusterutils.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bounded, reproducible slice of the settings fuzzing; bench/fuzz-settings runs many more. */
class SettingsFuzzTest {
    @Test
    void everyMutantLoadsOrGivesACleanSettingsError(@TempDir Path scratch) throws Exception {
        SettingsFuzz.Result r = SettingsFuzz.run(SettingsFuzz.seeds(Path.of("").toAbsolutePath()), 5_000, 20261125L, scratch);
        assertEquals(java.util.List.of(), r.defects(), "mutants that crashed the loader");
        assertEquals(5_000, r.loaded() + r.rejected());
        assertTrue(r.rejected() > 1_000 && r.loaded() > 100, "the mutations exercise both outcomes: " + r);
    }

    @Test
    void theHostileMutationsReachEverySeed() throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(16);
        for (SettingsFuzz.Seed seed : SettingsFuzz.seeds(Path.of("").toAbsolutePath())) {
            String ext = seed.name().substring(seed.name().lastIndexOf('.'));
            int changed = 0;
            for (int i = 0; i < 200; i++) {
                if (!SettingsFuzz.hostile(seed.text(), ext, rng).equals(seed.text())) {
                    changed++;
                }
            }
            assertTrue(changed > 120, seed.name() + ": only " + changed + " of 200 hostile mutations changed the file");
        }
    }
}
