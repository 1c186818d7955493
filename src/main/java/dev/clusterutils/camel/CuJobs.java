package dev.clusterutils.camel;

import dev.clusterutils.backend.JobHandle;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobStatus;
import dev.clusterutils.backend.ScriptFiles;
import dev.clusterutils.backend.local.LocalScript;
import dev.clusterutils.run.Action;
import dev.clusterutils.run.RunEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

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

    /**
     * Body: {@link Action.Submit}. Writes the job's run script (output appended to the job's
     * {@code .out}/{@code .err} files, a failure marker, the exit code kept, as the local backend's)
     * and sets {@link CuHeaders#JOB_ID}, {@link CuHeaders#JOB_NAME}, {@link CuHeaders#RUN_SCRIPT},
     * {@link CuHeaders#WORKING_DIR}. The body is left as it is.
     */
    public void prepare(Exchange exchange) throws IOException, InvalidPayloadException {
        Message msg = exchange.getMessage();
        JobSpec spec = msg.getMandatoryBody(Action.Submit.class).spec();
        if (!(spec.resubmission() && Files.exists(spec.runScript()))) {
            ScriptFiles.writeExecutable(spec.runScript(), LocalScript.render(spec));
        }
        msg.setHeader(CuHeaders.JOB_ID, spec.jobId());
        msg.setHeader(CuHeaders.JOB_NAME, spec.jobName());
        msg.setHeader(CuHeaders.RUN_SCRIPT, spec.runScript().toString());
        msg.setHeader(CuHeaders.WORKING_DIR, spec.workingDir().toString());
    }

    /**
     * The job was accepted: the body becomes {@link RunEvent.Submitted} for seda:cu-events, with
     * the scheduler's id from {@link CuHeaders#JOB_HANDLE} (default {@code route-<job id>}).
     */
    public RunEvent submitted(Exchange exchange) {
        return new RunEvent.Submitted(jobId(exchange), handle(exchange));
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
        return new RunEvent.Statuses(Map.of(handle(exchange), status));
    }

    /**
     * The submission was refused (an approval step said no): the body becomes
     * {@link RunEvent.SubmitFailed} with the reason from {@link CuHeaders#REASON}; the run counts
     * the job as failed.
     */
    public RunEvent refused(Exchange exchange) throws InvalidPayloadException {
        Message msg = exchange.getMessage();
        String reason = msg.getHeader(CuHeaders.REASON, String.class);
        Long id = msg.getHeader(CuHeaders.JOB_ID, Long.class);
        if (id == null) {
            id = msg.getMandatoryBody(Action.Submit.class).spec().jobId();
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
