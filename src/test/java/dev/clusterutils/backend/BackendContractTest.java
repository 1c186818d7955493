package dev.clusterutils.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.layout.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend promises the run (the {@link Backend} contract): a submitted job ends with
 * its exit code; many jobs are polled in one call; an unknown job is UNKNOWN, not an exception;
 * queued and running jobs can be cancelled, and cancelling twice or cancelling an ended job is
 * harmless; exit code 3 (exit for resume) is visible. Local, Slurm, the fake HTCondor and dryrun
 * each run this suite; dryrun, which runs nothing, checks its own meaning of each promise.
 */
public abstract class BackendContractTest {
    @TempDir
    protected Path tmp;
    protected RunLayout layout;
    protected Backend backend;
    private long nextId;

    /** The backend under test, writing its files under {@code layout}. */
    protected abstract Backend createBackend(RunLayout layout) throws Exception;

    /** A handle this backend never gave out. */
    protected abstract JobHandle unknownHandle();

    /** Submits a job that stays queued (no slot, a begin time, requirements no machine meets) until cancelled. */
    protected abstract JobHandle submitQueued() throws Exception;

    /** The command block that runs a shell snippet the way a job command runs on this backend ({@code srun} on Slurm). */
    protected String command(String shell) {
        return "bash -c " + ScriptFiles.quote(shell);
    }

    /** False for dryrun: jobs are written, never run. */
    protected boolean runsJobs() {
        return true;
    }

    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    /** How a job that exited with 3 shows up; Slurm and local: ended with exit code 3. */
    protected void assertResumeVisible(JobStatus status) {
        assertEquals(JobStatus.Phase.ENDED, status.phase(), status.toString());
        assertEquals(3, status.exitCode());
    }

    @BeforeEach
    void createBackend() throws Exception {
        layout = new RunLayout(tmp.resolve("results"), tmp.resolve("jobs"), null);
        Files.createDirectories(layout.jobsDir());
        Files.createDirectories(layout.workingDirs());
        backend = createBackend(layout);
    }

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    protected JobSpec spec(String shell) {
        return Specs.spec(layout, backend.kind().equals("dryrun") ? "slurm" : backend.kind(), nextId++, command(shell), false);
    }

    protected JobHandle submit(String shell) throws BackendException {
        return backend.submit(spec(shell));
    }

    protected JobStatus await(JobHandle h, Predicate<JobStatus> until) throws Exception {
        long deadline = System.nanoTime() + timeout().toNanos();
        JobStatus last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = backend.poll(List.of(h)).get(h);
                if (until.test(last)) {
                    return last;
                }
            } catch (BackendException e) {
                last = new JobStatus(JobStatus.Phase.UNKNOWN, null, "poll failed: " + e.getMessage());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + h + " did not reach the expected status within " + timeout() + "; last: " + last);
    }

    protected JobStatus awaitEnd(JobHandle h) throws Exception {
        return await(h, JobStatus::isTerminal);
    }

    @Test
    void aSubmittedJobEndsWithItsExitCode() throws Exception {
        JobSpec ok = spec("exit 0");
        JobSpec bad = spec("echo failing >&2; exit 4");
        JobHandle h0 = backend.submit(ok);
        JobHandle h4 = backend.submit(bad);
        assertNotEquals(h0, h4);
        assertEquals(backend.kind(), h0.backend());
        if (!runsJobs()) {
            assertEquals(JobStatus.Phase.NOT_RUN, awaitEnd(h0).phase());
            assertTrue(Files.exists(ok.runScript()) && Files.exists(bad.runScript()), "the scripts are written");
            return;
        }
        assertEquals(JobStatus.ended(0), awaitEnd(h0));
        JobStatus failed = awaitEnd(h4);
        assertEquals(JobStatus.Phase.ENDED, failed.phase(), failed.toString());
        assertEquals(4, failed.exitCode(), failed.toString());
        assertTrue(Files.readString(bad.stderr()).contains("failing"), "the job's stderr goes to its .err file");
    }

    @Test
    void manyJobsArePolledInOneCall() throws Exception {
        List<JobHandle> handles = List.of(submit("sleep 1"), submit("sleep 1"), submit("sleep 1"));
        Map<JobHandle, JobStatus> first = backend.poll(handles);
        assertEquals(handles, List.copyOf(first.keySet()), "one status per handle, in order");
        first.values().forEach(s -> assertNotEquals(JobStatus.Phase.UNKNOWN, s.phase(), first.toString()));
        for (JobHandle h : handles) {
            assertEquals(runsJobs() ? JobStatus.Phase.ENDED : JobStatus.Phase.NOT_RUN, awaitEnd(h).phase());
        }
    }

    @Test
    void anUnknownJobIsUnknownNotAnException() throws Exception {
        JobHandle unknown = unknownHandle();
        assertEquals(JobStatus.UNKNOWN, backend.poll(List.of(unknown)).get(unknown));
        backend.cancel(unknown);
    }

    @Test
    void aQueuedJobCanBeCancelled() throws Exception {
        if (!runsJobs()) {
            return;
        }
        JobHandle h = submitQueued();
        assertEquals(JobStatus.Phase.QUEUED, backend.poll(List.of(h)).get(h).phase());
        backend.cancel(h);
        JobStatus s = awaitEnd(h);
        assertEquals(JobStatus.Phase.KILLED, s.phase(), s.toString());
    }

    @Test
    void aRunningJobCanBeCancelled() throws Exception {
        if (!runsJobs()) {
            return;
        }
        JobHandle h = submit("sleep 120");
        await(h, s -> s.phase() == JobStatus.Phase.RUNNING);
        long start = System.nanoTime();
        backend.cancel(h);
        JobStatus s = awaitEnd(h);
        assertEquals(JobStatus.Phase.KILLED, s.phase(), s.toString());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "stopped promptly");
    }

    @Test
    void cancellingTwiceOrAfterTheEndIsHarmless() throws Exception {
        JobHandle h = submit("exit 0");
        JobStatus end = awaitEnd(h);
        backend.cancel(h);
        backend.cancel(h);
        backend.cancelAll(List.of(h, unknownHandle()));
        assertEquals(end.phase(), backend.poll(List.of(h)).get(h).phase(), "an ended job stays ended");
    }

    @Test
    void exitCodeThreeIsVisibleForResume() throws Exception {
        JobHandle h = submit("exit 3");
        if (!runsJobs()) {
            assertEquals(JobStatus.Phase.NOT_RUN, awaitEnd(h).phase());
            return;
        }
        assertResumeVisible(await(h, s -> Integer.valueOf(3).equals(s.exitCode()) || s.isTerminal()));
    }

    @Test
    void aClosedBackendSubmitsNothing() throws Exception {
        backend.close();
        try {
            backend.submit(spec("exit 0"));
            assertFalse(runsJobs(), "a closed backend refuses submissions");
        } catch (BackendException e) {
            assertFalse(e.isTransient(), "not worth retrying");
        }
    }
}
