package dev.clusterutils.backend.slurm;

import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.scheduler.SchedulerDialect;
import dev.clusterutils.backend.scheduler.StatusQuery;
import dev.clusterutils.backend.scheduler.SubmissionFile;
import dev.clusterutils.backend.scheduler.TransientFailures;
import dev.clusterutils.layout.RunLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Slurm: sbatch scripts (spec 7.3), job arrays, {@code squeue} for every live job in one call and
 * {@code sacct} for the jobs squeue can no longer tell about or that ended badly, {@code scancel}.
 *
 * <p>sacct comes in two forms: plain {@code sacct} reads the accounting database; clusters without one
 * (like the test cluster by default) only have {@code sacct -c}, the job completion log. The first
 * sacct call finds out which works and the answer is kept.
 */
public final class SlurmDialect implements SchedulerDialect {
    /** Slurm's default MaxArraySize is 1001, so task indices 0..999. */
    public static final int MAX_ARRAY_SIZE = 1000;
    private static final int IDS_PER_COMMAND = 500;
    private static final Pattern SUBMITTED = Pattern.compile("^Submitted batch job (\\d+)");
    private static final Pattern PARSABLE = Pattern.compile("^(\\d+)(;.*)?$");
    /** What slurmstepd and srun print into the job's stderr when the cgroup OOM killer hit a step. */
    private static final Pattern OOM_IN_STDERR = Pattern.compile("oom-kill event|task \\d+: Out Of Memory|OOM Killed");

    /** How job states are read once jobs have left squeue. */
    public enum Accounting {
        /** try plain sacct, fall back to {@code sacct -c} if the cluster has no accounting database */
        DETECT,
        /** plain {@code sacct}: the accounting database */
        DATABASE,
        /** {@code sacct -c}: the job completion log */
        COMPLETION_LOG,
        /** neither works: a job gone from squeue is UNKNOWN */
        NONE
    }

    private final SlurmRequirements requirements;
    private final RunLayout layout;
    private final Integer arrayThrottle;
    private final BackendLog log;
    private final AtomicReference<Accounting> accounting;
    /** array task handle ({@code 12_3}) -> its own job id ({@code 15}): sacct -c knows tasks only by the latter */
    private final Map<String, String> rawIds = new ConcurrentHashMap<>();

    public SlurmDialect(SlurmRequirements requirements, RunLayout layout, Integer arrayThrottle, Accounting accounting,
                        BackendLog log) {
        this.requirements = requirements;
        this.layout = layout;
        this.arrayThrottle = arrayThrottle;
        this.log = log;
        this.accounting = new AtomicReference<>(accounting);
    }

    public SlurmRequirements requirements() {
        return requirements;
    }

    public Accounting accounting() {
        return accounting.get();
    }

    @Override
    public String kind() {
        return "slurm";
    }

    // --- submission ------------------------------------------------------------------------------

    @Override
    public List<SubmissionFile> render(JobSpec spec) {
        if (spec.resubmission() && Files.exists(spec.runScript())) {
            // as the original: a resubmitted job reuses its script, and --open-mode=append keeps the old output
            return List.of();
        }
        return List.of(new SubmissionFile(spec.runScript(),
                SlurmScript.render(spec, requirements, layout.resumeMarker(spec.runScript())), true));
    }

    @Override
    public List<String> submitArgv(JobSpec spec) {
        return List.of("sbatch", "--open-mode=append", spec.runScript().toString());
    }

    /** {@code squeue} lists queued and running jobs by default; only this user's, with exactly this name. */
    @Override
    public List<String> findByNameArgv(String jobName) {
        return List.of("squeue", "--noheader", "--user=" + System.getProperty("user.name"), "--name=" + jobName,
                "--format=%i|%j");
    }

    @Override
    public String parseFoundByName(String jobName, CommandResult result) throws BackendException {
        if (result.exitCode() != 0) {
            throw new BackendException("squeue failed with exit code " + result.exitCode() + ": " + result.output(), true);
        }
        for (String line : result.stdout().lines().toList()) {
            String[] f = line.strip().split("\\|", 2);
            if (f.length == 2 && f[1].equals(jobName) && !f[0].isBlank()) {
                return f[0];
            }
        }
        return null;
    }

    @Override
    public String parseJobId(CommandResult result) throws BackendException {
        String out = result.stdout().strip();
        if (out.isEmpty()) {
            throw new BackendException("sbatch returned without error but did not print a cluster job id."
                    + (result.stderr().isBlank() ? "" : " It said: " + result.stderr().strip()), false);
        }
        for (String line : out.lines().toList()) {
            var m = SUBMITTED.matcher(line.strip());
            if (m.find()) {
                return m.group(1);
            }
            var p = PARSABLE.matcher(line.strip());
            if (p.matches()) {
                return p.group(1);
            }
        }
        throw new BackendException("Could not find job id in output of sbatch: " + out, false);
    }

    @Override
    public boolean isTransientFailure(CommandResult failed) {
        return TransientFailures.looksTransient(failed.output());
    }

    @Override
    public int maxBatchSize() {
        return MAX_ARRAY_SIZE;
    }

    @Override
    public Batch renderBatch(List<JobSpec> specs, int batchIndex) {
        List<SubmissionFile> files = new ArrayList<>();
        for (JobSpec s : specs) {
            files.addAll(render(s));
        }
        Path script = layout.arrayScript(batchIndex);
        // <run name>_<first id>-<last id>: readable in squeue, like the single jobs' <run name>_<id>
        String first = specs.get(0).jobName();
        String id = Long.toString(specs.get(0).jobId());
        String prefix = first.endsWith("_" + id) ? first.substring(0, first.length() - id.length()) : first + "_";
        String name = prefix + id + "-" + specs.get(specs.size() - 1).jobId();
        files.add(new SubmissionFile(script,
                SlurmScript.renderArray(specs, requirements, name, layout.stdout(script), arrayThrottle), true));
        return new Batch(files, List.of("sbatch", "--open-mode=append", script.toString()), script.getParent());
    }

    @Override
    public List<String> batchJobIds(String batchId, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(batchId + "_" + i);
        }
        return ids;
    }

    // --- cancel ----------------------------------------------------------------------------------

    @Override
    public List<List<String>> cancelCommands(Collection<JobHandle> handles) {
        List<List<String>> commands = new ArrayList<>();
        List<String> ids = handles.stream().map(JobHandle::id).distinct().toList();
        for (int i = 0; i < ids.size(); i += IDS_PER_COMMAND) {
            List<String> argv = new ArrayList<>();
            argv.add("scancel");
            argv.addAll(ids.subList(i, Math.min(ids.size(), i + IDS_PER_COMMAND)));
            commands.add(argv);
        }
        return commands;
    }

    // --- status ----------------------------------------------------------------------------------

    @Override
    public List<StatusQuery> statusQueries() {
        return List.of(new Squeue(), new Sacct());
    }

    /** squeue's {@code -j} list: a whole array by its id when several of its tasks are asked about. */
    static List<String> squeueIds(List<JobHandle> handles) {
        Map<String, List<String>> byArray = new LinkedHashMap<>();
        for (JobHandle h : handles) {
            String id = h.id();
            int u = id.indexOf('_');
            byArray.computeIfAbsent(u < 0 ? id : id.substring(0, u), k -> new ArrayList<>()).add(id);
        }
        Set<String> out = new LinkedHashSet<>();
        byArray.forEach((base, ids) -> {
            if (ids.size() > 1) {
                out.add(base);
            } else {
                out.add(ids.get(0));
            }
        });
        return List.copyOf(out);
    }

    /** {@code squeue -t all}: every live job, and jobs that ended in the last few minutes (MinJobAge). */
    final class Squeue implements StatusQuery {
        @Override
        public boolean wants(JobStatus earlier) {
            return true;
        }

        @Override
        public List<String> argv(List<JobHandle> handles) {
            // %i is 12_3 for an array task, %A its own job id; -r lists pending array tasks one per line
            return List.of("squeue", "--noheader", "--array", "--states=all", "--format=%i|%A|%T|%N|%r",
                    "--jobs=" + String.join(",", squeueIds(handles)));
        }

        @Override
        public Parsed parse(List<JobHandle> handles, CommandResult result) throws BackendException {
            if (result.exitCode() != 0) {
                if (result.stderr().contains("Invalid job id specified")) {
                    // every id asked about is past MinJobAge: none is known to squeue any more
                    return Parsed.of(Map.of());
                }
                throw new BackendException("squeue failed with exit code " + result.exitCode() + ": " + result.output(), true);
            }
            Map<String, JobHandle> wanted = new HashMap<>();
            handles.forEach(h -> wanted.put(h.id(), h));
            Map<JobHandle, JobStatus> out = new HashMap<>();
            for (String line : result.stdout().lines().toList()) {
                String[] f = line.strip().split("\\|", 5);
                if (f.length < 5) {
                    continue;
                }
                JobHandle h = wanted.get(f[0]);
                if (h == null) {
                    continue;
                }
                if (!f[1].equals(f[0])) {
                    rawIds.put(f[0], f[1]);
                }
                String state = f[2];
                String detail = SlurmStates.isFinal(state) ? node(f[3]) : reason(f[4]);
                out.put(h, SlurmStates.status(state, null, detail));
            }
            return Parsed.of(out);
        }
    }

    private static String node(String nodeList) {
        return nodeList.isBlank() || "(null)".equals(nodeList) || "None assigned".equals(nodeList) ? null : "node " + nodeList;
    }

    private static String reason(String reason) {
        return reason.isBlank() || "None".equals(reason) ? null : reason;
    }

    /**
     * sacct, for the jobs squeue did not list (ended long ago) and those that ended badly (for the exit
     * code and, with accounting, the state of each step: a step killed for memory leaves the job FAILED).
     */
    final class Sacct implements StatusQuery {
        @Override
        public boolean wants(JobStatus earlier) {
            if (accounting.get() == Accounting.NONE) {
                return false;
            }
            if (earlier == null) {
                return true;
            }
            boolean cleanEnd = earlier.phase() == JobStatus.Phase.ENDED && Integer.valueOf(0).equals(earlier.exitCode());
            return earlier.isTerminal() && !cleanEnd;
        }

        @Override
        public List<String> argv(List<JobHandle> handles) {
            Accounting mode = accounting.get();
            List<String> argv = new ArrayList<>(List.of("sacct"));
            if (mode == Accounting.COMPLETION_LOG) {
                argv.add("-c");
            }
            argv.addAll(List.of("--noheader", "--parsable2", "--format=JobID,State,ExitCode,NodeList"));
            List<String> ids = new ArrayList<>();
            for (JobHandle h : handles) {
                if (mode == Accounting.COMPLETION_LOG && h.id().contains("_")) {
                    // the completion log knows array tasks by their own job id only, which squeue told us
                    String raw = rawIds.get(h.id());
                    if (raw != null) {
                        ids.add(raw);
                    }
                } else {
                    ids.add(h.id());
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            argv.add("--jobs=" + String.join(",", ids));
            return argv;
        }

        @Override
        public Parsed parse(List<JobHandle> handles, CommandResult result) throws BackendException {
            Accounting mode = accounting.get();
            if (result.exitCode() != 0) {
                String said = result.output();
                if (mode == Accounting.DETECT || mode == Accounting.DATABASE) {
                    if (said.contains("accounting storage is disabled")) {
                        accounting.set(Accounting.COMPLETION_LOG);
                        log.info("Slurm has no accounting database here: job states come from squeue and sacct -c");
                        return Parsed.again();
                    }
                } else if (mode == Accounting.COMPLETION_LOG && !TransientFailures.looksTransient(said)) {
                    accounting.set(Accounting.NONE);
                    log.warning("Neither sacct nor sacct -c works here (" + said.lines().findFirst().orElse("")
                            + "); a job that has left squeue is taken as ended without exit code");
                    return Parsed.of(Map.of());
                }
                throw new BackendException("sacct failed with exit code " + result.exitCode() + ": " + said, true);
            }
            if (mode == Accounting.DETECT) {
                accounting.set(Accounting.DATABASE);
            }
            Map<String, JobHandle> byId = new HashMap<>();
            for (JobHandle h : handles) {
                byId.put(h.id(), h);
                String raw = rawIds.get(h.id());
                if (mode == Accounting.COMPLETION_LOG && raw != null) {
                    byId.put(raw, h);
                }
            }
            Map<JobHandle, String[]> jobRows = new HashMap<>();
            Map<JobHandle, String> oomSteps = new HashMap<>();
            for (String line : result.stdout().lines().toList()) {
                String[] f = line.strip().split("\\|", -1);
                if (f.length < 4) {
                    continue;
                }
                String id = f[0];
                int dot = id.indexOf('.');
                JobHandle h = byId.get(dot < 0 ? id : id.substring(0, dot));
                if (h == null) {
                    continue;
                }
                if (dot >= 0) {
                    if ("OUT_OF_MEMORY".equals(SlurmStates.normalise(f[1]))) {
                        oomSteps.put(h, id);
                    }
                } else {
                    // the completion log may list a requeued job twice; the last line is the latest
                    jobRows.put(h, f);
                }
            }
            Map<JobHandle, JobStatus> out = new HashMap<>();
            jobRows.forEach((h, f) -> {
                if (!SlurmStates.isFinal(f[1])) {
                    // accounting lags behind squeue by a few seconds: keep what squeue said
                    return;
                }
                String detail = join(node(f[3]), "exit code " + f[2]);
                JobStatus s = SlurmStates.status(f[1], SlurmStates.exitCode(f[2]), detail);
                String step = oomSteps.get(h);
                if (step != null && s.phase() != JobStatus.Phase.KILLED) {
                    s = new JobStatus(JobStatus.Phase.KILLED, s.exitCode(),
                            "Slurm state OUT_OF_MEMORY (job step " + step + " exceeded its memory; " + detail + ")");
                }
                out.put(h, s);
            });
            return Parsed.of(out);
        }
    }

    private static String join(String a, String b) {
        return a == null ? b : a + ", " + b;
    }

    // --- what the job's files add ------------------------------------------------------------------

    @Override
    public JobStatus refine(JobHandle handle, JobStatus status, JobSpec spec) {
        if (status.phase() == JobStatus.Phase.ENDED && Integer.valueOf(0).equals(status.exitCode())
                && Files.exists(layout.resumeMarker(spec.runScript()))) {
            return new JobStatus(JobStatus.Phase.ENDED, 3, "exited with code 3 to be resumed");
        }
        if (status.phase() == JobStatus.Phase.ENDED && !Integer.valueOf(0).equals(status.exitCode())) {
            Integer code = status.exitCode() != null ? status.exitCode() : readInt(spec.failedMarker());
            String oom = oomLine(spec.stderr());
            if (oom != null) {
                return new JobStatus(JobStatus.Phase.KILLED, code,
                        "Slurm state OUT_OF_MEMORY (a job step exceeded memory_in_mb=" + requirements.memoryMb() + ": " + oom + ")");
            }
            if (code != null && status.exitCode() == null) {
                return new JobStatus(JobStatus.Phase.ENDED, code, status.reason() + ", exit code " + code);
            }
        }
        return status;
    }

    private static Integer readInt(Path file) {
        try {
            return Files.exists(file) ? Integer.valueOf(Files.readString(file).strip()) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The line slurmstepd wrote when the OOM killer hit a step, from the end of the job's stderr. */
    private static String oomLine(Path stderr) {
        try {
            if (!Files.exists(stderr)) {
                return null;
            }
            List<String> lines = Files.readAllLines(stderr);
            for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - 50); i--) {
                if (OOM_IN_STDERR.matcher(lines.get(i)).find()) {
                    return lines.get(i).strip();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void forget(JobHandle handle) {
        rawIds.remove(handle.id());
    }
}
