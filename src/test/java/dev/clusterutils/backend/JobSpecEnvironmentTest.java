package dev.clusterutils.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.local.LocalScript;
import org.junit.jupiter.api.Test;

/** Environment variables a stage adds to a job: exported, shell-quoted, before the job's command. */
class JobSpecEnvironmentTest {
    @Test
    void variablesAreExportedQuotedBeforeTheCommandBlock() {
        JobSpec spec = Specs.spec("local", 3, "python3 job.py").withEnvironment("B_MODE", "it's $HOME").withEnvironment("A", "1");
        assertEquals("export A=1\nexport B_MODE='it'\\''s $HOME'\n", spec.exports());
        String script = LocalScript.render(spec);
        assertTrue(script.indexOf("export B_MODE=") < script.indexOf("python3 job.py"), script);
    }

    @Test
    void aNameTheShellCannotExportIsRefused() {
        JobSpec spec = Specs.spec("local", 3, "true");
        assertThrows(IllegalArgumentException.class, () -> spec.withEnvironment("1X", "v"));
        assertThrows(IllegalArgumentException.class, () -> spec.withEnvironment("A;rm -rf /", "v"));
        assertEquals("", spec.exports());
    }
}
