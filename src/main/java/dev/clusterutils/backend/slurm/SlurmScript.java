package dev.clusterutils.backend.slurm;

import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.ScriptFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sbatch script of spec 7.3, line for line, with three changes: exit code 3 leaves a resume
 * marker beside the script (the script still exits 0, so Slurm sees no failure, but the server
 * learns the job wants to be resubmitted even if its datagram is lost); {@code --signal} carries
 * {@code B:} and the script passes the signal on to the job step; and every path in a shell line
 * is quoted.
 */
final class SlurmScript {
    private SlurmScript() {
    }

    /** The per-job script. {@code resumeMarker} is written on exit code 3. */
    static String render(JobSpec spec, SlurmRequirements req, Path resumeMarker) {
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("#SBATCH --job-name=").append(spec.jobName()).append('\n');
        sb.append("#SBATCH --output=").append(spec.stdout()).append('\n');
        sb.append("#SBATCH --error=").append(spec.stderr()).append('\n');
        resourceLines(sb, req);
        sb.append('\n');
        sb.append("# Submission ID ").append(spec.jobId()).append("\n\n");
        sb.append("rm -f ").append(ScriptFiles.quote(resumeMarker.toString())).append("\n\n");
        sb.append("echo \"==== Start execution. ====\"\n");
        sb.append("echo \"Job id: ").append(spec.jobId())
                .append(", cluster id: ${SLURM_JOB_ID}, hostname: $(hostname), time: $(date)\"\n");
        sb.append("echo\n\n");
        sb.append(spec.exports());
        if (req.signalSeconds() == null) {
            sb.append(spec.commandBlock()).append('\n');
            sb.append("rc=$?\n\n");
        } else {
            // --signal=B:USR1 reaches this shell only; srun passes it on to the job's task
            sb.append(spec.commandBlock()).append(" &\n");
            sb.append("child=$!\n");
            sb.append("trap 'signalled=1; echo \"Received SIGUSR1 (").append(req.signalSeconds())
                    .append(" s before the time limit), passing it to the job\"; kill -USR1 \"$child\" 2>/dev/null' USR1\n");
            sb.append("while :; do\n");
            sb.append("    signalled=0\n");
            sb.append("    wait \"$child\"\n");
            sb.append("    rc=$?\n");
            sb.append("    # a trapped signal ends the wait early while the job still runs: wait again\n");
            sb.append("    [[ $signalled == 1 ]] || break\n");
            sb.append("done\n\n");
        }
        sb.append("echo \"==== Finished execution. ====\"\n");
        sb.append("if [[ $rc == 3 ]]; then\n");
        sb.append("    echo \"Exit with code 3 for resume\"\n");
        sb.append("    # Slurm sees a success; the marker tells the server to submit the job again\n");
        sb.append("    echo 3 > ").append(ScriptFiles.quote(resumeMarker.toString())).append('\n');
        sb.append("    exit 0\n");
        sb.append("elif [[ $rc != 0 ]]; then\n");
        sb.append("    echo \"Failed with exit code $rc\"\n");
        sb.append("    # add an indicator file to more easily identify failed jobs\n");
        sb.append("    echo \"$rc\" > ").append(ScriptFiles.quote(spec.failedMarker().toString())).append('\n');
        sb.append("    exit $rc\n");
        sb.append("fi\n");
        return sb.toString();
    }

    /**
     * The script of one job array: the same resources for every task, and each task runs its job's
     * own run script with that job's output files, so a job looks the same on disk whether it ran
     * in an array or alone (and is resubmitted alone after an exit for resume).
     */
    static String renderArray(List<JobSpec> specs, SlurmRequirements req, String name, Path output, Integer throttle) {
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("#SBATCH --job-name=").append(name).append('\n');
        sb.append("#SBATCH --output=").append(output).append('\n');
        sb.append("#SBATCH --error=").append(output).append('\n');
        resourceLines(sb, req);
        sb.append("#SBATCH --array=0-").append(specs.size() - 1);
        if (throttle != null) {
            sb.append('%').append(throttle);
        }
        sb.append('\n');
        sb.append('\n');
        sb.append("# Job array of ").append(specs.size()).append(" jobs (ids ").append(specs.get(0).jobId()).append(" to ")
                .append(specs.get(specs.size() - 1).jobId()).append("); task i runs the i-th run script\n");
        List<String> scripts = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        List<String> errs = new ArrayList<>();
        for (JobSpec s : specs) {
            scripts.add(ScriptFiles.quote(s.runScript().toString()));
            outs.add(ScriptFiles.quote(s.stdout().toString()));
            errs.add(ScriptFiles.quote(s.stderr().toString()));
        }
        array(sb, "scripts", scripts);
        array(sb, "outs", outs);
        array(sb, "errs", errs);
        sb.append("i=$SLURM_ARRAY_TASK_ID\n");
        sb.append("exec bash \"${scripts[$i]}\" >> \"${outs[$i]}\" 2>> \"${errs[$i]}\"\n");
        return sb.toString();
    }

    private static void array(StringBuilder sb, String name, List<String> words) {
        sb.append(name).append("=(\n");
        for (String w : words) {
            sb.append("    ").append(w).append('\n');
        }
        sb.append(")\n");
    }

    private static void resourceLines(StringBuilder sb, SlurmRequirements req) {
        sb.append("#SBATCH --partition=").append(req.partition()).append('\n');
        sb.append("#SBATCH --cpus-per-task=").append(req.cpus()).append('\n');
        sb.append("#SBATCH --gpus-per-task=").append(req.gpus()).append('\n');
        sb.append("#SBATCH --mem=").append(req.memoryMb()).append("M\n");
        sb.append("#SBATCH --time=").append(req.time()).append('\n');
        sb.append("#SBATCH --nodes=1\n");
        sb.append("#SBATCH --ntasks=1\n");
        if (!req.excludedHosts().isEmpty()) {
            sb.append("#SBATCH --exclude=").append(String.join(",", req.excludedHosts())).append('\n');
        }
        if (req.signalSeconds() != null) {
            sb.append("#SBATCH --signal=B:USR1@").append(req.signalSeconds()).append('\n');
        }
        for (String o : req.extraOptions()) {
            sb.append("#SBATCH ").append(o).append('\n');
        }
    }
}
