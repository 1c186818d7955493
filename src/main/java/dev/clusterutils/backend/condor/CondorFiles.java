package dev.clusterutils.backend.condor;

import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.ScriptFiles;
import java.nio.file.Path;

/** The run script and the submit description of spec 7.4, line for line; paths in shell lines are quoted. */
final class CondorFiles {
    private CondorFiles() {
    }

    static String runScript(JobSpec spec, Path submitFile) {
        String script = ScriptFiles.quote(spec.runScript().toString());
        return "#!/bin/bash\n"
                + "# Submission ID " + spec.jobId() + "\n\n"
                + spec.exports()
                + spec.commandBlock() + "\n"
                + "rc=$?\n"
                + "if [[ $rc == 0 ]]; then\n"
                + "    rm -f " + script + "\n"
                + "    rm -f " + ScriptFiles.quote(submitFile.toString()) + "\n"
                + "elif [[ $rc == 3 ]]; then\n"
                + "    echo \"exit with code 3 for resume\"\n"
                + "    exit 3\n"
                + "elif [[ $rc != 0 ]]; then\n"
                + "    echo \"Failed with exit code $rc\"\n"
                + "    # add an indicator file to more easily identify failed jobs\n"
                + "    echo \"$rc\" > " + ScriptFiles.quote(spec.failedMarker().toString()) + "\n"
                + "    exit $rc\n"
                + "fi\n";
    }

    /** {@code batchName} is the run's name (optimization_procedure_name), as the original's JobBatchName. */
    static String submitDescription(JobSpec spec, CondorRequirements req, String batchName, Path userLog) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Submission ID ").append(spec.jobId()).append('\n');
        sb.append("JobBatchName=").append(batchName).append('\n');
        sb.append("executable = ").append(spec.runScript()).append("\n\n");
        sb.append("error = ").append(spec.stderr()).append('\n');
        sb.append("output = ").append(spec.stdout()).append('\n');
        sb.append("log = ").append(userLog).append("\n\n");
        sb.append("request_cpus=").append(req.cpus()).append('\n');
        sb.append("request_gpus=").append(req.gpus()).append('\n');
        sb.append("request_memory=").append(req.memoryMb()).append("\n\n");
        sb.append(req.requirementsLine()).append("\n\n");
        sb.append("on_exit_hold = (ExitCode =?= 3)\n");
        sb.append("on_exit_hold_reason = \"Checkpointed, will resume\"\n");
        sb.append("on_exit_hold_subcode = 2\n");
        sb.append("periodic_release = ( (JobStatus =?= 5) && (HoldReasonCode =?= 3) && (HoldReasonSubCode =?= 2) )\n\n");
        sb.append("# Inherit environment variables at submission time in job script\n");
        sb.append("getenv=True\n\n");
        sb.append(req.concurrencyLine()).append("\n\n");
        if (req.extraLines().isEmpty()) {
            sb.append('\n');
        } else {
            sb.append("# Extra options\n");
            req.extraLines().forEach(l -> sb.append(l).append('\n'));
        }
        sb.append("\nqueue\n");
        return sb.toString();
    }
}
