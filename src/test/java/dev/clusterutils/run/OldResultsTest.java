package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
    void aRunFolderMayBeDeletedAndIs() throws IOException {
        Path dir = run("r");
        Files.writeString(Files.createDirectories(dir.resolve("working_directories/0")).resolve("metrics.csv"), "a\n1\n");
        assertEquals(Optional.empty(), why(dir));
        OldResults.delete(dir, List.of());
        assertFalse(Files.exists(dir));
    }

    @Test
    void anEmptyFolderIsKeptAsItIs() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(Optional.empty(), why(dir));
        OldResults.delete(dir, List.of());
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void aFolderWithoutARunIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertTrue(why(dir).orElseThrow().startsWith("it does not look like the results of a run"), why(dir).toString());
        IOException e = assertThrows(IOException.class, () -> OldResults.delete(dir, List.of()));
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
        assertThrows(IOException.class, () -> OldResults.delete(link, List.of()));
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
}
