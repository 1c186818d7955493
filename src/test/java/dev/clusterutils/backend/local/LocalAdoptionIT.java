package dev.clusterutils.backend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A job left behind by a crashed server is no child of the resumed one: it is found by the token
 * on its command line, polled as running while it lives, and reported ended (without exit code)
 * when it is gone.
 */
class LocalAdoptionIT {
    @Test
    void anOrphanedJobIsRunningUntilItEndsThenEndedWithoutExitCode() throws Exception {
        long token = 4_000_000_000_000L + ProcessHandle.current().pid();
        // the double fork makes the sleeper a grandchild that outlives its parent, as a job outlives a killed server
        Process parent = new ProcessBuilder("bash", "-c",
                "setsid python3 -c 'import time; time.sleep(3)' --job-id=" + token + " --cluster-utils-server=x &").start();
        assertEquals(0, parent.waitFor());
        try (LocalBackend backend = new LocalBackend(1, Map.of())) {
            CompletableFuture<JobStatus> end = new CompletableFuture<>();
            backend.setStatusListener((h, s) -> end.complete(s));
            JobHandle handle = null;
            for (int i = 0; i < 50 && handle == null; i++) {
                handle = backend.adoptUnrecorded(token, "job");
                Thread.sleep(50);
            }
            assertNotNull(handle, "the orphan is found by its token");
            assertEquals(JobStatus.Phase.RUNNING, backend.poll(List.of(handle)).get(handle).phase(),
                    "an adopted job that lives polls as running, not as unknown");
            JobStatus ended = end.get(30, TimeUnit.SECONDS);
            assertEquals(JobStatus.Phase.ENDED, ended.phase());
            assertNull(ended.exitCode());
            assertTrue(backend.poll(List.of(handle)).get(handle).isTerminal());
            assertNull(backend.adoptUnrecorded(token, "job"), "a job that is gone is not found again");
        }
    }
}
