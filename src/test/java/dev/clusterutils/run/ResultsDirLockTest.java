package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clusterutils.layout.RunLayout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsDirLockTest {
    @TempDir
    Path tmp;

    @Test
    void oneRunOfThisProcessHoldsADirUntilItCloses() {
        Path results = tmp.resolve("results/run");
        ResultsDirLock first = ResultsDirLock.acquire(results).orElseThrow();
        assertTrue(Files.isRegularFile(RunLayout.resultsLock(results)), "beside the results dir, which a fresh start renames");
        ResultsDirLock.Busy busy = assertThrows(ResultsDirLock.Busy.class, () -> ResultsDirLock.acquire(results));
        assertEquals("a run of this process", busy.holder());
        assertEquals(Optional.of("a run of this process"), ResultsDirLock.holder(results));
        // another name in the same folder is another lock
        ResultsDirLock.acquire(tmp.resolve("results/other")).orElseThrow().close();
        first.close();
        first.close();
        assertEquals(Optional.empty(), ResultsDirLock.holder(results));
        ResultsDirLock.acquire(results).orElseThrow().close();
    }

    @Test
    void aLockFileThatIsNotAPlainFileOfItsOwnIsNeverWrittenAndRefusesTheRun() throws Exception {
        Path victim = Files.writeString(tmp.resolve("thesis.tex"), "irreplaceable");
        Path linked = tmp.resolve("linked");
        Files.createSymbolicLink(RunLayout.resultsLock(linked), victim);
        ResultsDirLock.Unusable u = assertThrows(ResultsDirLock.Unusable.class, () -> ResultsDirLock.acquire(linked));
        assertTrue(u.getMessage().contains("nothing was run or written"), u.getMessage());
        assertEquals(Optional.empty(), ResultsDirLock.holder(linked));
        Path dangling = tmp.resolve("dangling");
        Files.createSymbolicLink(RunLayout.resultsLock(dangling), tmp.resolve("created-through-the-link"));
        assertThrows(ResultsDirLock.Unusable.class, () -> ResultsDirLock.acquire(dangling));
        assertTrue(!Files.exists(tmp.resolve("created-through-the-link")));
        Path hard = tmp.resolve("hard");
        Files.createLink(RunLayout.resultsLock(hard), victim);
        assertThrows(ResultsDirLock.Unusable.class, () -> ResultsDirLock.acquire(hard));
        assertEquals("irreplaceable", Files.readString(victim), "a second name of another file is not truncated either");
        Path folder = tmp.resolve("folder");
        Files.createDirectories(RunLayout.resultsLock(folder));
        assertThrows(ResultsDirLock.Unusable.class, () -> ResultsDirLock.acquire(folder));
        assertEquals(Optional.empty(), ResultsDirLock.holder(folder));
        // a refused lock is not left held
        Files.delete(RunLayout.resultsLock(folder));
        ResultsDirLock.acquire(folder).orElseThrow().close();
    }

    @Test
    void theSameLockFileReachedByASecondPathIsNeverOpenedAgain() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path alias = Files.createDirectories(tmp.resolve("alias"));
        Process mount = new ProcessBuilder("mount", "--bind", real.toString(), alias.toString()).redirectErrorStream(true).start();
        assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "cannot bind-mount here: " + new String(mount.getInputStream().readAllBytes()));
        try (ResultsDirLock held = ResultsDirLock.acquire(real.resolve("run")).orElseThrow()) {
            assertEquals("a run of this process", assertThrows(ResultsDirLock.Busy.class,
                    () -> ResultsDirLock.acquire(alias.resolve("run"))).holder());
            assertEquals(Optional.of("a run of this process"), ResultsDirLock.holder(alias.resolve("run")));
            // still held as far as another process can tell: opening and closing the file a second time would have dropped it
            Process probe = new ProcessBuilder("python3", "-c", "import fcntl, sys\nf = open(sys.argv[1], 'a')\n"
                    + "try:\n    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB); print('free')\nexcept OSError:\n    print('held')",
                    RunLayout.resultsLock(real.resolve("run")).toString()).redirectErrorStream(true).start();
            assertEquals("held", new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        } finally {
            new ProcessBuilder("umount", alias.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void whyARunCannotStartIsSaidBeforeAnythingIsAsked() throws Exception {
        Path results = tmp.resolve("res/run");
        assertEquals(Optional.empty(), ResultsDirLock.problem(results));
        try (ResultsDirLock held = ResultsDirLock.acquire(results).orElseThrow()) {
            assertTrue(ResultsDirLock.problem(results).orElseThrow().contains("is in use by another run (a run of this process)"));
            // a lock file another user could not take over in a folder they share
            assertEquals("rw-rw-rw-", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(RunLayout.resultsLock(results))));
        }
        Path folder = tmp.resolve("res/folder");
        Files.createDirectories(RunLayout.resultsLock(folder));
        assertTrue(ResultsDirLock.problem(folder).orElseThrow().contains("it is not a plain file"), ResultsDirLock.problem(folder).get());
    }

    @Test
    void aResultsDirReachedThroughALinkHasTheLockOfTheFolderItLeadsTo() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("results/run"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("run"), real);
        try (ResultsDirLock held = ResultsDirLock.acquire(real).orElseThrow()) {
            assertEquals("a run of this process", assertThrows(ResultsDirLock.Busy.class, () -> ResultsDirLock.acquire(link)).holder());
            assertEquals(Optional.of("a run of this process"), ResultsDirLock.holder(link));
        }
        assertTrue(!Files.exists(RunLayout.resultsLock(link)), "no second lock file beside the link");
    }

    @Test
    void aLockHeldByAnotherProcessNamesItsPidAndEndsWithIt() throws Exception {
        Path results = tmp.resolve("run");
        Path file = RunLayout.resultsLock(results);
        // a process that is not this JVM takes the same kind of lock (fcntl) and writes its pid, as a run does
        Process other;
        try {
            other = new ProcessBuilder("python3", "-c", String.join("\n",
                    "import fcntl, os, sys",
                    "f = open(sys.argv[1], 'a+')",
                    "fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)",
                    "f.truncate(0); f.write('pid %d\\n' % os.getpid()); f.flush()",
                    "print('locked', flush=True)",
                    "sys.stdin.read()"), file.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no python3: " + e);
            return;
        }
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            ResultsDirLock.Busy busy = assertThrows(ResultsDirLock.Busy.class, () -> ResultsDirLock.acquire(results));
            assertEquals("process " + other.pid(), busy.holder());
            assertTrue(busy.getMessage().contains("optimization_procedure_name"), busy.getMessage());
            assertEquals(Optional.of("process " + other.pid()), ResultsDirLock.holder(results));
        } finally {
            other.destroyForcibly();
            other.waitFor(10, TimeUnit.SECONDS);
        }
        // killed: the operating system dropped its lock, nothing to clean up
        try (ResultsDirLock mine = ResultsDirLock.acquire(results).orElseThrow()) {
            assertEquals("pid " + ProcessHandle.current().pid(), Files.readString(file).strip());
        }
    }
}
