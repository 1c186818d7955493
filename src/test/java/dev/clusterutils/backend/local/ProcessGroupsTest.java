package dev.clusterutils.backend.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcessGroupsTest {

    @Test
    void signalsGoThroughTheSystemCallOnThisPlatform() {
        assertTrue(ProcessGroups.systemCall(), "JNA loads the C library here");
    }

    @Test
    void aGroupIsAliveWhileAMemberIsAndTermEndsAllItsMembers() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid");
        // the group's leader starts a child and both sleep; the leader's pid is the group id
        Process leader = new ProcessBuilder("setsid", "bash", "-c", "sleep 60 & sleep 60; wait").start();
        long pgid = leader.pid();
        long deadline = System.currentTimeMillis() + 10_000;
        while (leader.descendants().count() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        var members = leader.descendants().toList();
        assertTrue(ProcessGroups.alive(pgid));
        assertTrue(ProcessGroups.signal(pgid, ProcessGroups.Signal.TERM));
        assertTrue(leader.waitFor(10, TimeUnit.SECONDS), "the leader ended");
        for (ProcessHandle m : members) {
            assertTrue(m.onExit().get(10, TimeUnit.SECONDS) != null, "member " + m.pid() + " ended");
        }
        deadline = System.currentTimeMillis() + 5_000;
        while (ProcessGroups.alive(pgid) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessGroups.alive(pgid), "nothing is left of the group");
        assertFalse(ProcessGroups.signal(pgid, ProcessGroups.Signal.TERM), "an empty group is reported as such");
    }

    @Test
    void noGroupAndNoNonsenseIds() {
        assertFalse(ProcessGroups.signal(1, ProcessGroups.Signal.TERM), "never init's group");
        assertFalse(ProcessGroups.signal(0, ProcessGroups.Signal.TERM), "never our own group (0)");
        assertFalse(ProcessGroups.signal(-5, ProcessGroups.Signal.PROBE));
        assertFalse(ProcessGroups.signal(Long.MAX_VALUE, ProcessGroups.Signal.PROBE));
    }
}
