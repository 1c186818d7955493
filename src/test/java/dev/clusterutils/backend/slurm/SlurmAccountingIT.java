package dev.clusterutils.backend.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.CommandRunner;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ProcessCommandRunner;
import dev.clusterutils.backend.Specs;
import dev.clusterutils.backend.scheduler.SchedulerBackend;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.settings.ClusterRequirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm backend on a cluster WITH an accounting database (slurmdbd + MariaDB, as most real
 * clusters): plain sacct is detected and used, for exit codes, array tasks by their array ids, and
 * the state of job steps (a step killed for memory). Switching the database on and off restarts
 * the local Slurm (a few seconds), so this class does it once and switches it off at the end.
 */
@NeedsSlurm
class SlurmAccountingIT {
    static String partition;
    final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path tmp;
    RunLayout layout;

    @BeforeAll
    static void slurmWithAccounting() {
        partition = LocalSlurm.start(true);
    }

    @AfterAll
    static void accountingOff() {
        if (partition != null) {
            LocalSlurm.start(false);
        }
    }

    @BeforeEach
    void layout() throws IOException {
        layout = new RunLayout(tmp.resolve("results"), tmp.resolve("jobs"), null);
        Files.createDirectories(layout.jobsDir());
    }

    SchedulerBackend backend(long memoryMb, boolean arrays) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_cpus", 1);
        m.put("memory_in_mb", memoryMb);
        m.put("partition", partition);
        m.put("request_time", "5:00");
        CommandRunner recording = new CommandRunner() {
            final ProcessCommandRunner real = new ProcessCommandRunner();

            @Override
            public CommandResult run(List<String> argv, Path workDir, Duration timeout) throws IOException {
                calls.add(argv);
                return real.run(argv, workDir, timeout);
            }
        };
        SlurmDialect d = new SlurmDialect(SlurmRequirements.from(new ClusterRequirements(m)), layout, null,
                SlurmDialect.Accounting.DETECT, BackendLog.NONE);
        return new SchedulerBackend(d, recording, SchedulerBackend.Settings.defaults().withBatches(arrays), BackendLog.NONE);
    }

    JobStatus awaitEnd(SchedulerBackend b, JobHandle h) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus s = b.poll(List.of(h)).get(h);
            if (s.isTerminal()) {
                return s;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("job " + h + " did not end");
    }

    @Test
    void plainSacctIsDetectedAndGivesExitCodesAndStepStates() throws Exception {
        SchedulerBackend b = backend(150, false);
        try {
            JobSpec failing = Specs.spec(layout, "slurm", 0, "srun bash -c 'exit 6'", false);
            JobSpec hog = Specs.spec(layout, "slurm", 1,
                    "srun python3 -c 'import time; x = [bytearray(10 << 20) for _ in range(100)]; time.sleep(30)'", false);
            JobHandle h6 = b.submit(failing);
            JobHandle hm = b.submit(hog);
            JobStatus s6 = awaitEnd(b, h6);
            assertEquals(6, s6.exitCode(), s6.toString());
            assertTrue(calls.stream().anyMatch(c -> c.get(0).equals("sacct") && c.contains("--jobs=" + h6.id())),
                    "a FAILED job's exit code is asked of sacct: " + calls);
            JobStatus sm = awaitEnd(b, hm);
            assertEquals(JobStatus.Phase.KILLED, sm.phase(), sm.toString());
            assertTrue(sm.reason().contains("OUT_OF_MEMORY"), sm.reason());
            assertEquals(SlurmDialect.Accounting.DATABASE, ((SlurmDialect) b.dialect()).accounting());
            assertTrue(calls.stream().filter(c -> c.get(0).equals("sacct")).noneMatch(c -> c.contains("-c")),
                    "plain sacct, never the completion log: " + calls);
        } finally {
            b.close();
        }
    }

    @Test
    void arrayTasksAreReadFromSacctByTheirArrayIds() throws Exception {
        SchedulerBackend b = backend(200, true);
        try {
            List<JobHandle> hs = b.submitBatch(List.of(Specs.spec(layout, "slurm", 0, "srun bash -c 'exit 0'", false),
                    Specs.spec(layout, "slurm", 1, "srun bash -c 'exit 9'", false)));
            assertEquals(JobStatus.ended(0), awaitEnd(b, hs.get(0)));
            assertEquals(9, awaitEnd(b, hs.get(1)).exitCode());
            assertTrue(calls.stream().anyMatch(c -> c.get(0).equals("sacct") && c.get(c.size() - 1).equals("--jobs=" + hs.get(1).id())),
                    calls.toString());
        } finally {
            b.close();
        }
    }
}
