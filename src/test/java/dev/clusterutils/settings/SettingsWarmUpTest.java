package dev.clusterutils.settings;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The warm-up runs the code a real read runs: its small grid must pass validation, or it warms only half. */
class SettingsWarmUpTest {
    @Test
    void theWarmUpGridIsValidAndWritesNothing() throws Exception {
        LoadedSettings loaded = SettingsWarmUp.warmTree();
        assertEquals("warm_up", loaded.settings().name());
        assertFalse(Files.exists(Path.of("/nonexistent/cu-warm-up")));
    }

    @Test
    void everyFormatsParserWarmsUpOnItsOwnText() {
        for (String name : new String[] {"s.toml", "s.yaml", "s.yml", "s.json"}) {
            assertDoesNotThrow(() -> SettingsFileReader.warmUp(Path.of(name)), name);
        }
    }
}
