package dev.clusterutils.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.run.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox folder protocol: claim, reject, finish, recover, with sidecars travelling along. */
class InboxTest {
    @TempDir
    Path dir;

    private Inbox inbox;

    @BeforeEach
    void setUp() throws Exception {
        inbox = new Inbox(dir);
    }

    private Path drop(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void settingsFilesAreRecognisedByExtensionAndNeverWhenHidden() {
        for (String yes : List.of("a.toml", "a.json", "b.yaml", "c.yml", "D.TOML", "with space.json")) {
            assertTrue(Inbox.isSettingsFile(yes), yes);
        }
        for (String no : List.of(".a.toml", "a.toml.overrides", "a.toml.properties", "a.toml.outcome.json",
                "a.toml.problems.txt", "a.txt", "a.toml.part", "a.toml.camelLock")) {
            assertFalse(Inbox.isSettingsFile(no), no);
        }
    }

    @Test
    void aClaimMovesTheFileAndItsSidecarsIntoRunning() throws Exception {
        Path file = drop("grid.toml", "x = 1\n");
        drop("grid.toml.overrides", "# a comment\n\nfixed_params.lr=0.1\n  restarts=2  \n");
        drop("grid.toml.properties", "cu.max-jobs = 2\ncu.backend=local\n");
        Inbox.Claim claim = inbox.claim(file);
        assertEquals(dir.resolve(".running/grid.toml"), claim.file());
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("grid.toml.overrides")));
        assertEquals(List.of("fixed_params.lr=0.1", "restarts=2"), inbox.overrides(claim));
        assertEquals(Map.of("cu.max-jobs", "2", "cu.backend", "local"), inbox.properties(claim));
        assertNull(inbox.claim(file), "a file another server took is gone");
    }

    @Test
    void aFileWhoseNamesakeIsRunningWaitsInTheFolder() throws Exception {
        inbox.claim(drop("grid.toml", "first"));
        Path second = drop("grid.toml", "second");
        assertNull(inbox.claim(second));
        assertEquals("second", Files.readString(second));
        assertEquals(new Inbox.Counts(1, 1, 0, 0), inbox.counts());
    }

    @Test
    void aRejectedFileGoesToFailedWithEveryProblemListed() throws Exception {
        drop("bad.json.overrides", "x=1\n");
        Inbox.Claim claim = inbox.claim(drop("bad.json", "{}"));
        Path moved = inbox.reject(claim, List.of("restarts: missing required key", "cluster_requirments: unknown key"));
        assertEquals(dir.resolve(".failed/bad.json"), moved);
        assertTrue(Files.exists(dir.resolve(".failed/bad.json.overrides")));
        assertEquals("- restarts: missing required key\n- cluster_requirments: unknown key\n2 problems; nothing was run.\n",
                Files.readString(dir.resolve(".failed/bad.json.problems.txt")));
        assertFalse(Files.exists(dir.resolve(".running/bad.json")));
    }

    @Test
    void aFinishedRunsFileGoesToDoneWithItsOutcomeAndEarlierOnesAreKept() throws Exception {
        Inbox.Claim first = inbox.claim(drop("grid.toml", "1"));
        inbox.finish(first, "run-1", Path.of("/res/grid"), new RunOutcome(RunOutcome.Status.FINISHED, "Procedure successfully finished", 4, 0));
        Inbox.Claim again = inbox.claim(drop("grid.toml", "2"));
        Path moved = inbox.finish(again, "run-2", Path.of("/res/grid"), new RunOutcome(RunOutcome.Status.FINISHED, "ok", 4, 0));
        assertEquals(dir.resolve(".done/grid.2.toml"), moved);
        assertEquals("1", Files.readString(dir.resolve(".done/grid.toml")));
        String outcome = Files.readString(dir.resolve(".done/grid.toml.outcome.json"));
        assertTrue(outcome.contains("\"run_id\" : \"run-1\"") && outcome.contains("\"outcome\" : \"finished\"")
                && outcome.contains("\"results_dir\" : \"/res/grid\"") && outcome.contains("\"succeeded\" : 4"), outcome);
        assertTrue(Files.exists(dir.resolve(".done/grid.2.toml.outcome.json")));
        assertEquals(new Inbox.Counts(0, 0, 2, 0), inbox.counts());
    }

    @Test
    void aRunThatEndedOtherwiseGoesToFailedWithItsReason() throws Exception {
        Inbox.Claim claim = inbox.claim(drop("grid.yaml", "a: 1"));
        inbox.finish(claim, "r", Path.of("/res/g"), new RunOutcome(RunOutcome.Status.ABORTED, "Too many failed jobs", 1, 7));
        assertTrue(Files.readString(dir.resolve(".failed/grid.yaml.problems.txt")).contains("the run ended aborted: Too many failed jobs"));
        assertTrue(Files.readString(dir.resolve(".failed/grid.yaml.outcome.json")).contains("\"failed\" : 7"));
    }

    @Test
    void filesLeftRunningByAStoppedServerComeBackAtTheNextStart() throws Exception {
        drop("a.toml.overrides", "x=1");
        inbox.claim(drop("a.toml", "a"));
        inbox.claim(drop("b.toml", "b"));
        drop("b.toml", "newer b");
        Inbox restarted = new Inbox(dir);
        assertEquals(List.of("a.toml"), restarted.recover());
        assertEquals("a", Files.readString(dir.resolve("a.toml")));
        assertTrue(Files.exists(dir.resolve("a.toml.overrides")));
        assertEquals("newer b", Files.readString(dir.resolve("b.toml")), "a newer file of the same name wins");
        assertEquals("b", Files.readString(dir.resolve(".failed/b.toml")));
        assertTrue(Files.readString(dir.resolve(".failed/b.toml.problems.txt")).contains("a newer b.toml"));
        assertEquals(new Inbox.Counts(2, 0, 0, 1), restarted.counts());
    }

    @Test
    void aClaimCanBeGivenBack() throws Exception {
        drop("a.toml.properties", "cu.seed=1");
        Inbox.Claim claim = inbox.claim(drop("a.toml", "a"));
        inbox.release(claim);
        assertTrue(Files.exists(dir.resolve("a.toml")));
        assertTrue(Files.exists(dir.resolve("a.toml.properties")));
        assertEquals(new Inbox.Counts(1, 0, 0, 0), inbox.counts());
    }

    @Test
    void optionsComeFromPropertiesAndTheCommandLineFolderWins() {
        Map<String, String> p = Map.of(InboxOptions.DIR, "/from/property", InboxOptions.CONCURRENT_RUNS, "3",
                InboxOptions.POLL_MS, "250", InboxOptions.SETTLE_MS, "0");
        InboxOptions o = InboxOptions.from(null, p::get);
        assertEquals(new InboxOptions(Path.of("/from/property"), 3, 250, 0), o);
        assertEquals(Path.of("/cli"), InboxOptions.from(Path.of("/cli"), p::get).dir());
        InboxOptions defaults = InboxOptions.from(Path.of("/d"), k -> null);
        assertEquals(new InboxOptions(Path.of("/d"), 1, 1000, 1000), defaults);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> InboxOptions.from(null, Map.of(InboxOptions.CONCURRENT_RUNS, "0", InboxOptions.POLL_MS, "x")::get));
        assertTrue(e.getMessage().contains("no inbox folder") && e.getMessage().contains("concurrent-runs=0")
                && e.getMessage().contains("poll-ms=x"), e.getMessage());
    }
}
