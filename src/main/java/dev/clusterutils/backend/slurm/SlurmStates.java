package dev.clusterutils.backend.slurm;

import dev.clusterutils.backend.JobStatus;
import java.util.Set;

/**
 * Slurm job states (squeue's {@code %T}, sacct's {@code State}) as job statuses. States that mean
 * the scheduler ended the job (time limit, memory, node failure, cancel, preemption) are KILLED
 * with the state as the reason, so the run reports them as failures saying why.
 */
final class SlurmStates {
    static final Set<String> QUEUED = Set.of("PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD",
            "SPECIAL_EXIT", "RESV_DEL_HOLD", "POWER_UP_NODE");
    static final Set<String> RUNNING = Set.of("RUNNING", "COMPLETING", "SUSPENDED", "STOPPED", "SIGNALING", "STAGE_OUT",
            "RESIZING", "UPDATE_DB");
    static final Set<String> KILLED = Set.of("TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE", "PREEMPTED",
            "CANCELLED", "REVOKED");

    private SlurmStates() {
    }

    /** The first word: sacct prints {@code CANCELLED by 1000}. */
    static String normalise(String state) {
        String s = state.strip();
        int space = s.indexOf(' ');
        return (space < 0 ? s : s.substring(0, space)).replace("+", "");
    }

    static boolean isFinal(String state) {
        String s = normalise(state);
        return "COMPLETED".equals(s) || "FAILED".equals(s) || KILLED.contains(s);
    }

    /**
     * @param exitCode the job's exit code when known (sacct), else null
     * @param detail   extra words for the reason: node, Slurm's exit code field, pending reason
     */
    static JobStatus status(String state, Integer exitCode, String detail) {
        String s = normalise(state);
        String suffix = detail == null || detail.isBlank() ? "" : " (" + detail + ")";
        if (QUEUED.contains(s)) {
            return new JobStatus(JobStatus.Phase.QUEUED, null, s + suffix);
        }
        if (RUNNING.contains(s)) {
            return new JobStatus(JobStatus.Phase.RUNNING, null, s + suffix);
        }
        if ("COMPLETED".equals(s)) {
            return JobStatus.ended(exitCode == null ? 0 : exitCode);
        }
        if ("FAILED".equals(s)) {
            return new JobStatus(JobStatus.Phase.ENDED, exitCode, "Slurm state FAILED" + suffix);
        }
        if (KILLED.contains(s)) {
            return new JobStatus(JobStatus.Phase.KILLED, exitCode, "Slurm state " + state.strip() + suffix);
        }
        // a state this version does not know: the job is still in Slurm's hands
        return new JobStatus(JobStatus.Phase.QUEUED, null, s + suffix);
    }

    /** sacct's {@code ExitCode} is {@code code:signal}. */
    static Integer exitCode(String field) {
        String f = field.strip();
        int colon = f.indexOf(':');
        try {
            return Integer.valueOf(colon < 0 ? f : f.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
