package dev.clusterutils.backend.condor;

import dev.clusterutils.backend.BackendException;
import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.scheduler.SchedulerDialect;
import dev.clusterutils.backend.scheduler.StatusQuery;
import dev.clusterutils.backend.scheduler.SubmissionFile;
import dev.clusterutils.backend.scheduler.TransientFailures;
import dev.clusterutils.layout.RunLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTCondor (spec 7.4): a run script and a submit description per job, both rewritten on every
 * submission; {@code condor_submit_bid <bid>} (MPI-IS) or {@code condor_submit}; status from
 * {@code condor_q} for jobs in the queue and {@code condor_history} for the ones that left it
 * (the original only read the job's log file, and only the first digit of the return value);
 * {@code condor_rm}. Exit code 3 holds the job and HTCondor releases and reruns it by itself,
 * so the server does nothing for a resume.
 */
public final class CondorDialect implements SchedulerDialect {
    /** What the submit description sets on exit code 3 (HoldReasonCode 3 = "on_exit_hold"). */
    static final int RESUME_HOLD_CODE = 3;
    static final int RESUME_HOLD_SUBCODE = 2;
    static final String HELD = "held: ";
    private static final int IDS_PER_COMMAND = 500;

    private final CondorRequirements requirements;
    private final RunLayout layout;

    public CondorDialect(CondorRequirements requirements, RunLayout layout) {
        this.requirements = requirements;
        this.layout = layout;
    }

    @Override
    public String kind() {
        return "condor";
    }

    // --- submission ------------------------------------------------------------------------------

    @Override
    public List<SubmissionFile> render(JobSpec spec) {
        var submitFile = layout.submitFile(spec.runScript());
        return List.of(
                new SubmissionFile(spec.runScript(), CondorFiles.runScript(spec, submitFile), true),
                new SubmissionFile(submitFile, CondorFiles.submitDescription(spec, requirements, batchName(spec),
                        layout.schedulerLog(spec.runScript())), false));
    }

    /** The run's name: the job name is {@code <run name>_<id>}. */
    static String batchName(JobSpec spec) {
        String suffix = "_" + spec.jobId();
        String name = spec.jobName();
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }

    @Override
    public List<String> submitArgv(JobSpec spec) {
        String submitFile = layout.submitFile(spec.runScript()).toString();
        return requirements.bid() != null
                ? List.of("condor_submit_bid", Integer.toString(requirements.bid()), submitFile)
                : List.of("condor_submit", submitFile);
    }

    /**
     * HTCondor knows a job by its run's {@code JobBatchName} and its executable, the run script
     * {@code job_<iteration>_<id>.sh}: {@code condor_q} lists the queue's jobs of the run with it.
     */
    @Override
    public List<String> findByNameArgv(String jobName) {
        String run = jobName.substring(0, jobName.lastIndexOf('_'));
        String quoted = run.replace("\\", "\\\\").replace("\"", "\\\"");
        return List.of("condor_q", "-constraint", "JobBatchName =?= \"" + quoted + "\"", "-af:j", "Cmd");
    }

    @Override
    public String parseFoundByName(String jobName, CommandResult result) throws BackendException {
        if (result.exitCode() != 0) {
            throw new BackendException("condor_q failed with exit code " + result.exitCode() + ": " + result.output(), true);
        }
        String id = jobName.substring(jobName.lastIndexOf('_') + 1);
        Pattern script = Pattern.compile("job_\\d+_" + Pattern.quote(id) + "\\.sh");
        for (String line : result.stdout().lines().toList()) {
            String[] f = line.strip().split("\\s+", 2);
            if (f.length == 2 && script.matcher(Path.of(f[1]).getFileName().toString()).matches()) {
                return cluster(f[0]);
            }
        }
        return null;
    }

    /** {@code 1 job(s) submitted to cluster 12345.} gives {@code 12345}; any WARNING or ERROR line fails the submission. */
    @Override
    public String parseJobId(CommandResult result) throws BackendException {
        String all = result.stdout() + "\n" + result.stderr();
        List<String> bad = all.lines().filter(l -> l.contains("WARNING") || l.contains("ERROR")).toList();
        String good = result.stdout().lines().filter(l -> l.contains("submitted")).findFirst().orElse(null);
        if (good == null || !bad.isEmpty()) {
            String said = bad.isEmpty() ? result.output() : String.join("\n", bad);
            throw new BackendException("Cluster submission failed: " + said, TransientFailures.looksTransient(said));
        }
        String[] words = good.strip().split("\\s+");
        String last = words[words.length - 1];
        return last.endsWith(".") ? last.substring(0, last.length() - 1) : last;
    }

    @Override
    public boolean isTransientFailure(CommandResult failed) {
        return TransientFailures.looksTransient(failed.output());
    }

    // --- status ----------------------------------------------------------------------------------

    @Override
    public List<StatusQuery> statusQueries() {
        return List.of(new CondorQ(), new CondorHistory());
    }

    static String cluster(String jobId) {
        int dot = jobId.indexOf('.');
        return dot < 0 ? jobId : jobId.substring(0, dot);
    }

    private static Map<String, JobHandle> byCluster(List<JobHandle> handles) {
        Map<String, JobHandle> m = new HashMap<>();
        handles.forEach(h -> m.put(cluster(h.id()), h));
        return m;
    }

    private static Integer integer(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code condor_q <ids> -af:j JobStatus ExitCode HoldReasonCode HoldReasonSubCode HoldReason}: jobs still in the queue. */
    final class CondorQ implements StatusQuery {
        @Override
        public boolean wants(JobStatus earlier) {
            return true;
        }

        @Override
        public List<String> argv(List<JobHandle> handles) {
            List<String> argv = new ArrayList<>(List.of("condor_q"));
            handles.forEach(h -> argv.add(cluster(h.id())));
            argv.addAll(List.of("-af:j", "JobStatus", "ExitCode", "HoldReasonCode", "HoldReasonSubCode", "HoldReason"));
            return argv;
        }

        @Override
        public Parsed parse(List<JobHandle> handles, CommandResult result) throws BackendException {
            Map<JobHandle, JobStatus> out = new HashMap<>();
            for (Row r : rows("condor_q", handles, result)) {
                out.put(r.handle(), queueStatus(r.status(), integer(r.f()[2]), integer(r.f()[3]), integer(r.f()[4]), r.f()[5]));
            }
            return Parsed.of(out);
        }
    }

    /** One {@code -af:j} line of a wanted job: its handle, its JobStatus and the six fields. */
    private record Row(JobHandle handle, int status, String[] f) {
    }

    /** The lines of a condor_q / condor_history answer that name a wanted job; a failed command is transient. */
    private static List<Row> rows(String command, List<JobHandle> handles, CommandResult result) throws BackendException {
        if (result.exitCode() != 0) {
            throw new BackendException(command + " failed with exit code " + result.exitCode() + ": " + result.output(), true);
        }
        Map<String, JobHandle> wanted = byCluster(handles);
        List<Row> rows = new ArrayList<>();
        for (String line : result.stdout().lines().toList()) {
            String[] f = line.strip().split("\\s+", 6);
            if (f.length < 6) {
                continue;
            }
            JobHandle h = wanted.get(cluster(f[0]));
            Integer status = integer(f[1]);
            if (h != null && status != null) {
                rows.add(new Row(h, status, f));
            }
        }
        return rows;
    }

    /** JobStatus 1 idle, 2 running, 3 removed, 4 completed, 5 held, 6 transferring output, 7 suspended. */
    static JobStatus queueStatus(int status, Integer exitCode, Integer holdCode, Integer holdSubCode, String holdReason) {
        return switch (status) {
            case 1 -> JobStatus.QUEUED;
            case 2, 6, 7 -> JobStatus.RUNNING;
            case 3 -> JobStatus.killed("removed from the HTCondor queue");
            case 4 -> new JobStatus(JobStatus.Phase.ENDED, exitCode, null);
            case 5 -> {
                if (Integer.valueOf(RESUME_HOLD_CODE).equals(holdCode) && Integer.valueOf(RESUME_HOLD_SUBCODE).equals(holdSubCode)) {
                    // exit code 3: periodic_release puts it back in the queue, HTCondor runs it again
                    yield new JobStatus(JobStatus.Phase.QUEUED, 3, HELD + holdReason + " (HTCondor releases and reruns it)");
                }
                yield new JobStatus(JobStatus.Phase.KILLED, exitCode, HELD + holdReason + " (hold code " + holdCode + "/" + holdSubCode + ")");
            }
            default -> JobStatus.QUEUED;
        };
    }

    /** {@code condor_history -constraint 'ClusterId == 1 || ...'}: jobs that left the queue. */
    final class CondorHistory implements StatusQuery {
        @Override
        public boolean wants(JobStatus earlier) {
            return earlier == null;
        }

        @Override
        public List<String> argv(List<JobHandle> handles) {
            String constraint = String.join(" || ", handles.stream().map(h -> "ClusterId == " + cluster(h.id())).distinct().toList());
            return List.of("condor_history", "-constraint", constraint, "-match", Integer.toString(handles.size()),
                    "-af:j", "JobStatus", "ExitCode", "ExitBySignal", "ExitSignal", "RemoveReason");
        }

        @Override
        public Parsed parse(List<JobHandle> handles, CommandResult result) throws BackendException {
            Map<JobHandle, JobStatus> out = new HashMap<>();
            for (Row r : rows("condor_history", handles, result)) {
                JobHandle h = r.handle();
                String[] f = r.f();
                int status = r.status();
                if (out.containsKey(h)) {
                    // newest first: the first line of a job is its last state
                    continue;
                }
                if (status == 3) {
                    out.put(h, JobStatus.killed("removed from the HTCondor queue: " + f[5]));
                } else if ("true".equalsIgnoreCase(f[3])) {
                    Integer signal = integer(f[4]);
                    out.put(h, new JobStatus(JobStatus.Phase.ENDED, signal == null ? null : 128 + signal,
                            "killed by signal " + f[4]));
                } else {
                    out.put(h, new JobStatus(JobStatus.Phase.ENDED, integer(f[2]), null));
                }
            }
            return Parsed.of(out);
        }
    }

    @Override
    public boolean lingers(JobStatus status) {
        // held for any reason but a resume: it would wait in the queue for ever, so the backend removes it
        return status.phase() == JobStatus.Phase.KILLED && status.reason() != null && status.reason().startsWith(HELD);
    }

    // --- cancel ----------------------------------------------------------------------------------

    @Override
    public List<List<String>> cancelCommands(Collection<JobHandle> handles) {
        List<String> ids = handles.stream().map(h -> cluster(h.id())).distinct().toList();
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_COMMAND) {
            List<String> argv = new ArrayList<>();
            argv.add("condor_rm");
            argv.addAll(ids.subList(i, Math.min(ids.size(), i + IDS_PER_COMMAND)));
            commands.add(argv);
        }
        return commands;
    }
}
