package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.assertProblemContaining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunNameTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"basic_grid", "lr sweep 2", "résumé-v1.2", "~home", "-dash", "...", "a..b", ".hidden", "x.lock", ".deleting-"})
    void oneFolderNameIsAccepted(String name) {
        assertEquals(Optional.empty(), RunName.problem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ".", "..", "a/b", "/abs", "../x", "a\\b", "new\nline", "tab\t", " padded", ".basic_grid.lock", ".basic_grid.deleting-kx1-42"})
    void anythingElseIsRefused(String name) {
        assertTrue(RunName.problem(name).isPresent(), name);
    }

    @Test
    void aLongNameIsRefused() {
        assertTrue(RunName.problem("n".repeat(RunName.MAX_LENGTH)).isEmpty());
        assertTrue(RunName.problem("n".repeat(RunName.MAX_LENGTH + 1)).isPresent());
    }

    @Test
    void theSettingsNameTheKey() {
        var problems = SettingsTestSupport.problems(RunType.GRID_SEARCH, dir, "s.json", SettingsTestSupport.grid(""),
                "optimization_procedure_name=\"..\"");
        assertProblemContaining(problems, "optimization_procedure_name: '..' is not a folder name of its own");
    }
}
