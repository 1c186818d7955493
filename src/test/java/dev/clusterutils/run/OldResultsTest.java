package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.layout.RunLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OldResultsTest {
    @TempDir
    Path tmp;

    Path run(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("journal.jsonl"), "");
        return dir;
    }

    Optional<String> why(Path dir, Path... kept) throws IOException {
        return OldResults.whyNotDeletable(dir, List.of(kept));
    }

    @Test
    void aRunFolderMayBeDeletedAndIs() throws Exception {
        Path dir = run("r");
        Files.writeString(Files.createDirectories(dir.resolve("working_directories/0")).resolve("metrics.csv"), "a\n1\n");
        assertEquals(Optional.empty(), why(dir));
        OldResults.deleteAside(dir, List.of()).get(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(dir));
    }

    @Test
    void aMountPointIsEmptiedWhereItIsAndKept() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mounted"));
        // a real mount point where this machine lets the tests make one (root, a kernel with tmpfs)
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", dir.toString()).redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "cannot mount a tmpfs here: " + new String(mount.getInputStream().readAllBytes()));
        try {
            Files.writeString(dir.resolve("journal.jsonl"), "");
            Files.writeString(Files.createDirectories(dir.resolve("working_directories/0")).resolve("metrics.csv"), "a\n1\n");
            assertEquals(Optional.empty(), why(dir));
            OldResults.deleteAside(dir, List.of()).get(30, TimeUnit.SECONDS);
            assertTrue(Files.isDirectory(dir), "the mount point stays");
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of(), left.toList());
            }
            try (Stream<Path> beside = Files.list(tmp)) {
                assertEquals(List.of(dir), beside.toList(), "nothing renamed aside");
            }
        } finally {
            new ProcessBuilder("umount", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEmptyFolderIsKeptAsItIs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(Optional.empty(), why(dir));
        OldResults.deleteAside(dir, List.of()).get(30, TimeUnit.SECONDS);
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void aFolderWithoutARunIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertTrue(why(dir).orElseThrow().startsWith("it does not look like the results of a run"), why(dir).toString());
        IOException e = assertThrows(IOException.class, () -> OldResults.deleteAside(dir, List.of()));
        assertTrue(e.getMessage().contains("delete it by hand"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    @Test
    void aFolderHoldingHomeCwdOrTheSettingsFileIsRefused() throws IOException {
        Path dir = run("outer");
        Path home = Files.createDirectories(dir.resolve("home"));
        assertEquals(Optional.of("it holds " + home), why(dir, home));
        assertEquals(Optional.of("it holds " + dir), why(dir, dir));
        assertEquals(Optional.empty(), why(dir, tmp.resolve("missing"), tmp.resolve("elsewhere")));
    }

    @Test
    void aGitRepositoryASymlinkAndAFileAreRefused() throws IOException {
        Path repo = run("repo");
        Files.createDirectories(repo.resolve(".git"));
        assertEquals(Optional.of("it is a git repository"), why(repo));

        Path target = run("target");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertEquals(Optional.of("it is a symbolic link"), why(link));
        assertThrows(IOException.class, () -> OldResults.deleteAside(link, List.of()));
        assertTrue(Files.exists(target.resolve("journal.jsonl")));

        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertEquals(Optional.of("it is not a folder"), why(file));
    }

    @Test
    void theOriginalsResultsAreRecognised() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("original"));
        Files.write(dir.resolve("status.pickle"), new byte[] {(byte) 0x80, 4});
        assertEquals(Optional.empty(), why(dir));
    }
    @Test
    void aFreshStartMovesOldResultsAsideAndDeletesThemMeanwhile() throws Exception {
        Path dir = run("grid");
        for (int i = 0; i < 50; i++) {
            Files.writeString(Files.createDirectories(dir.resolve("working_directories/" + i)).resolve("metrics.csv"), "a\n1\n");
        }
        CompletableFuture<Void> deleted = OldResults.deleteAside(dir, List.of());
        // the new run may create its results dir at once, whatever the deletion has reached
        assertFalse(Files.exists(dir));
        Files.createDirectories(dir);
        deleted.get(30, TimeUnit.SECONDS);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(dir), left.toList(), "only the new results dir remains");
        }
    }

    @Test
    void hiddenFoldersNamedLikeOnesMovedAsideAreNeverTouched() throws Exception {
        Path dir = run("grid");
        // a killed process's leftover, a user's project and another run whose names fit the pattern:
        // a name proves nothing about whose a folder is, so none of them is deleted
        Path leftover = Files.createDirectories(RunLayout.oldResultsAside(dir, "lq2x9k-" + deadPid()).resolve("working_directories/3"));
        Path project = Files.createDirectories(tmp.resolve(".grid.deleting-proj-424242/.git"));
        Path otherRun = run(".grid.deleting-run2-999999");
        OldResults.deleteAside(dir, List.of()).get(30, TimeUnit.SECONDS);
        assertTrue(Files.isDirectory(leftover));
        assertTrue(Files.isDirectory(project));
        assertTrue(Files.exists(otherRun.resolve("journal.jsonl")));
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aFolderWithoutARunIsRefusedBeforeAnythingMoves() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThrows(IOException.class, () -> OldResults.deleteAside(dir, List.of()));
        assertTrue(Files.exists(dir.resolve("notes.txt")));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(dir), left.toList());
        }
    }

    @Test
    void nothingToDeleteIsDoneAtOnce() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(OldResults.deleteAside(dir, List.of()).isDone());
        assertTrue(Files.isDirectory(dir));
    }
}
