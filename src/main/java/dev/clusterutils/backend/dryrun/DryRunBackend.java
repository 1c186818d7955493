package dev.clusterutils.backend.dryrun;

import dev.clusterutils.backend.Backend;
import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ScriptFiles;
import dev.clusterutils.backend.scheduler.SchedulerDialect;
import dev.clusterutils.backend.scheduler.SubmissionFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Writes every file a scheduler would be given (through the same dialect as the real backend,
 * Slurm's by default) and the submit commands into {@code submit_commands.sh}, and runs nothing.
 * Each job is reported {@link JobStatus.Phase#NOT_RUN} at once, which the run records as "not
 * run", neither success nor failure, so a dry run ends cleanly with exit code 0.
 */
public final class DryRunBackend implements Backend {
    static final String REASON = "dry run: the job's files were written, nothing was submitted";

    private final SchedulerDialect dialect;
    private final Path commandsFile;
    private final BackendLog log;
    private final boolean batches;
    private final AtomicLong counter = new AtomicLong();
    private final AtomicInteger batchCounter = new AtomicInteger();
    private final Set<JobHandle> known = ConcurrentHashMap.newKeySet();
    private volatile BiConsumer<JobHandle, JobStatus> listener = (h, s) -> { };
    private volatile boolean announced;

    /**
     * @param dialect      renders the files (and names the submit commands) of the scheduler being previewed
     * @param commandsFile where the submit commands go, one per line
     * @param batches      preview job arrays as the real backend would submit them
     */
    public DryRunBackend(SchedulerDialect dialect, Path commandsFile, boolean batches, BackendLog log) {
        this.dialect = dialect;
        this.commandsFile = commandsFile;
        this.batches = batches;
        this.log = log;
    }

    @Override
    public String kind() {
        return "dryrun";
    }

    @Override
    public Duration pollInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public int maxInFlight() {
        // nothing runs, so nothing waits for a slot: write all jobs as fast as the run plans them
        return 10_000;
    }

    @Override
    public int maxBatchSize() {
        return batches ? dialect.maxBatchSize() : 1;
    }

    @Override
    public void setStatusListener(BiConsumer<JobHandle, JobStatus> listener) {
        this.listener = listener;
    }

    @Override
    public JobHandle submit(JobSpec spec) throws BackendException {
        write(dialect.render(spec), spec.runScript().getParent(), dialect.submitArgv(spec));
        return accept();
    }

    @Override
    public List<JobHandle> submitBatch(List<JobSpec> specs) throws BackendException {
        if (maxBatchSize() <= 1 || specs.size() == 1) {
            return Backend.super.submitBatch(specs);
        }
        SchedulerDialect.Batch batch = dialect.renderBatch(specs, batchCounter.getAndIncrement());
        write(batch.files(), batch.workDir(), batch.submitArgv());
        List<JobHandle> handles = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            handles.add(accept());
        }
        return handles;
    }

    private JobHandle accept() {
        JobHandle handle = new JobHandle(kind(), "dryrun-" + counter.getAndIncrement());
        known.add(handle);
        // pushed at once: the run need not wait for a poll to learn that nothing will run
        listener.accept(handle, JobStatus.notRun(REASON));
        return handle;
    }

    private synchronized void write(List<SubmissionFile> files, Path workDir, List<String> submitArgv) throws BackendException {
        try {
            for (SubmissionFile f : files) {
                ScriptFiles.write(f.path(), f.content(), f.executable());
            }
            if (!announced) {
                announced = true;
                Files.writeString(commandsFile, "#!/bin/bash\n# The " + dialect.kind()
                        + " submissions of this run, written by --backend dryrun; nothing was submitted.\nset -e\n");
                commandsFile.toFile().setExecutable(true);
                log.info("Dry run: scripts and submission files for " + dialect.kind() + " are written to " + workDir
                        + "; the submit commands to " + commandsFile);
            }
            String line = "cd " + ScriptFiles.quote(workDir.toString()) + " && "
                    + String.join(" ", submitArgv.stream().map(ScriptFiles::quote).toList()) + "\n";
            Files.writeString(commandsFile, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new BackendException("cannot write the dry run's files: " + e.getMessage(), false, e);
        }
    }

    @Override
    public Map<JobHandle, JobStatus> poll(Collection<JobHandle> handles) {
        Map<JobHandle, JobStatus> out = new LinkedHashMap<>();
        handles.forEach(h -> out.put(h, known.contains(h) ? JobStatus.notRun(REASON) : JobStatus.UNKNOWN));
        return out;
    }

    @Override
    public void cancel(JobHandle handle) {
        // nothing runs
    }

    @Override
    public void forget(JobHandle handle) {
        known.remove(handle);
    }

    @Override
    public void close() {
    }
}
