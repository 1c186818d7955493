package dev.clusterutils.camel;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ScriptFiles;
import dev.clusterutils.backend.local.LocalScript;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.run.Action;
import dev.clusterutils.run.RunEvent;
import dev.clusterutils.workspace.Checkout;
import dev.clusterutils.workspace.GitInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.component.exec.ExecResult;

/**
 * Helpers for routes that stand in for a stage, so a route written in YAML can submit jobs its
 * own way without Java code: it consumes seda:cu-submit (with the cu-submit route excluded),
 * calls {@link #prepare}, runs the job however it likes (camel-exec, ssh, a scheduler's REST
 * API), and reports back to seda:cu-events with {@link #submitted} and {@link #ended}. Every
 * event needs the {@link CuHeaders#RUN_ID} header, which the submission already carries.
 */
public final class CuJobs {
    /** The backend name of handles made here. */
    public static final String KIND = "route";
    private static final long KILL_GRACE_MILLIS = 3_000;

    /** The run scripts of route jobs not known to have ended, by run id and handle: what {@link #cancel} stops. */
    private final Map<String, Path> scripts = new ConcurrentHashMap<>();

    /**
     * Body: {@link Action.Submit}. Writes the job's run script (output appended to the job's
     * {@code .out}/{@code .err} files, a failure marker, the exit code kept, as the local backend's)
     * and sets {@link CuHeaders#JOB_ID}, {@link CuHeaders#JOB_NAME}, {@link CuHeaders#RUN_SCRIPT},
     * {@link CuHeaders#WORKING_DIR}. The body is left as it is.
     */
    public void prepare(Exchange exchange) throws IOException, InvalidPayloadException {
        Message msg = exchange.getMessage();
        JobSpec spec = msg.getMandatoryBody(Action.Submit.class).spec();
        CuStages stages = CuExtensions.find(exchange.getContext(), CuExtensions.STAGES, CuStages.class);
        String runId = msg.getHeader(CuHeaders.RUN_ID, String.class);
        if (stages != null && !stages.wanted(runId, spec.jobId())) {
            // the run has ended (or an approval step refused the job): the submission is dropped here
            exchange.setRouteStop(true);
            return;
        }
        if (!(spec.resubmission() && Files.exists(spec.runScript()))) {
            ScriptFiles.writeExecutable(spec.runScript(), script(spec));
        }
        msg.setHeader(CuHeaders.JOB_ID, spec.jobId());
        msg.setHeader(CuHeaders.JOB_NAME, spec.jobName());
        msg.setHeader(CuHeaders.RUN_SCRIPT, spec.runScript().toString());
        msg.setHeader(CuHeaders.WORKING_DIR, spec.workingDir().toString());
    }

    /**
     * The local run script, which also records its process id and exits at once when the job was
     * cancelled before it started: {@link #cancel} writes the marker first and reads the id after,
     * the script writes its id first and looks for the marker after, so one of the two always sees
     * the other.
     */
    static String script(JobSpec spec) {
        String local = LocalScript.render(spec);
        int firstLine = local.indexOf('\n') + 1;
        return local.substring(0, firstLine)
                + "echo $$ > " + ScriptFiles.quote(RunLayout.routeJobPid(spec.runScript()).toString()) + "\n"
                + "if [[ -e " + ScriptFiles.quote(RunLayout.routeJobCancelled(spec.runScript()).toString()) + " ]]; then exit 143; fi\n"
                + local.substring(firstLine);
    }

    /**
     * The job was accepted: the body becomes {@link RunEvent.Submitted} for seda:cu-events, with
     * the scheduler's id from {@link CuHeaders#JOB_HANDLE} (default {@code route-<job id>}).
     */
    public RunEvent submitted(Exchange exchange) {
        JobHandle handle = handle(exchange);
        String script = exchange.getMessage().getHeader(CuHeaders.RUN_SCRIPT, String.class);
        if (script != null) {
            scripts.put(key(exchange, handle), Path.of(script));
        }
        return new RunEvent.Submitted(jobId(exchange), handle);
    }

    /**
     * direct:cu-cancel, for a route that runs jobs with the run script of {@link #prepare}: body
     * {@link Action.Cancel}. A job not started yet never starts; a running one is stopped with its
     * child processes (SIGTERM, SIGKILL after 3 s). Returns whether a process was stopped.
     */
    public boolean cancel(Exchange exchange) throws InvalidPayloadException, IOException, InterruptedException {
        JobHandle handle = exchange.getMessage().getMandatoryBody(Action.Cancel.class).handle();
        Path script = scripts.remove(key(exchange, handle));
        if (script == null) {
            return false; // ended, or never submitted by this route
        }
        Files.writeString(RunLayout.routeJobCancelled(script), "cancelled\n");
        Path pidFile = RunLayout.routeJobPid(script);
        if (!Files.exists(pidFile)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            return false;
        }
        var process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return false;
        }
        ProcessHandle root = process.get();
        // the children first, again and again until the script itself has ended: a child it forks
        // while it is being stopped is caught by the next round, and the script ends once its job has
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_GRACE_MILLIS);
        while (root.isAlive() && System.nanoTime() < deadline) {
            root.descendants().forEach(ProcessHandle::destroy);
            Thread.sleep(20);
        }
        if (root.isAlive()) {
            root.descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
        }
        return true;
    }

    /**
     * The end of a route that stands in for the checkout stage and copied the code itself (cp,
     * rsync, an image): the {@link Checkout} is in the variable {@code checkout}, the copy command's
     * result in camel-exec's headers. Fails (the run ends before any job, exit code 2) when the
     * command failed or the job's script is not in the copy; else the reply: what the code is.
     */
    public GitInfo copied(Exchange exchange) throws IOException {
        Checkout checkout = exchange.getVariable("checkout", Checkout.class);
        if (checkout == null) {
            throw new IllegalStateException("no variable 'checkout': keep the stage's body with setVariable before the copy");
        }
        Integer exit = exchange.getMessage().getHeader("CamelExecExitValue", Integer.class);
        if (exit != null && exit != 0) {
            ExecResult result = exchange.getMessage().getBody(ExecResult.class);
            String stderr = result == null || result.getStderr() == null ? "" : new String(result.getStderr().readAllBytes()).strip();
            throw new IllegalStateException("the copy into " + checkout.projectDir() + " exited with " + exit
                    + (stderr.isEmpty() ? "" : ": " + stderr));
        }
        if (!checkout.workingCopy() && !Files.exists(checkout.codeDir().resolve(checkout.scriptRelativePath()))) {
            throw new IllegalStateException("the copied code in " + checkout.codeDir() + " has no " + checkout.scriptRelativePath()
                    + " (script_relative_path)");
        }
        return new GitInfo(null, null, null, null, null, null, checkout.workingCopy() ? null : checkout.projectDir().toString(),
                false, null, null);
    }

    private static String key(Exchange exchange, JobHandle handle) {
        return exchange.getMessage().getHeader(CuHeaders.RUN_ID, String.class) + "/" + handle.id();
    }

    /**
     * The job has ended: the body becomes {@link RunEvent.Statuses} with its exit code from
     * {@link CuHeaders#EXIT_CODE}, else camel-exec's {@code CamelExecExitValue}, else unknown.
     */
    public RunEvent ended(Exchange exchange) {
        Message msg = exchange.getMessage();
        Integer exit = msg.getHeader(CuHeaders.EXIT_CODE, Integer.class);
        if (exit == null) {
            exit = msg.getHeader("CamelExecExitValue", Integer.class);
        }
        JobStatus status = exit == null ? new JobStatus(JobStatus.Phase.ENDED, null, null) : JobStatus.ended(exit);
        JobHandle handle = handle(exchange);
        scripts.remove(key(exchange, handle));
        return new RunEvent.Statuses(Map.of(handle, status));
    }

    /**
     * A submission on its way to the submit stage with one more environment variable for each of its
     * jobs ({@code JobSpec.environment}, exported by every backend's script before the job's command).
     * In YAML: {@code method: "environment(${body}, 'NAME', 'value')"}; the result is the new body.
     */
    public Action environment(Object body, String name, String value) {
        if (body instanceof Action.Submit s) {
            return new Action.Submit(s.spec().withEnvironment(name, value));
        }
        if (body instanceof Action.SubmitBatch b) {
            return new Action.SubmitBatch(b.specs().stream().map(spec -> spec.withEnvironment(name, value)).toList());
        }
        throw new IllegalArgumentException("cuJobs.environment takes a submission (Action.Submit or Action.SubmitBatch), not "
                + (body == null ? "an empty body" : body.getClass().getName()));
    }

    /**
     * The submission of one job was refused (an approval step said no): body a {@link JobSpec} (one
     * of {@code ${body.specs}}) or {@link Action.Submit}. The body becomes {@link RunEvent.SubmitFailed}
     * with the reason from {@link CuHeaders#REASON}, the run counts the job as failed, and the submit
     * stage leaves the job out of the submission (also out of a batch), so the submission may go on.
     */
    public RunEvent refused(Exchange exchange) throws InvalidPayloadException {
        Message msg = exchange.getMessage();
        String reason = msg.getHeader(CuHeaders.REASON, String.class);
        Object body = msg.getBody();
        long id;
        if (body instanceof JobSpec spec) {
            id = spec.jobId();
        } else if (body instanceof Action.Submit submit) {
            id = submit.spec().jobId();
        } else {
            Long header = msg.getHeader(CuHeaders.JOB_ID, Long.class);
            id = header != null ? header : msg.getMandatoryBody(Action.Submit.class).spec().jobId();
        }
        CuStages stages = CuExtensions.find(exchange.getContext(), CuExtensions.STAGES, CuStages.class);
        if (stages != null) {
            stages.veto(msg.getHeader(CuHeaders.RUN_ID, String.class), id);
        }
        return new RunEvent.SubmitFailed(id, reason == null || reason.isBlank() ? "submission refused" : reason);
    }

    private static long jobId(Exchange exchange) {
        Long id = exchange.getMessage().getHeader(CuHeaders.JOB_ID, Long.class);
        if (id == null) {
            throw new IllegalStateException("no " + CuHeaders.JOB_ID + " header: call cuJobs.prepare first");
        }
        return id;
    }

    private static JobHandle handle(Exchange exchange) {
        String h = exchange.getMessage().getHeader(CuHeaders.JOB_HANDLE, String.class);
        return new JobHandle(KIND, h == null || h.isBlank() ? KIND + "-" + jobId(exchange) : h);
    }
}
