package dev.clusterutils.backend.local;

import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.ScriptFiles;

/**
 * The local run script of the original (spec 7.2): output appended to {@code .out}/{@code .err}
 * beside the script, a {@code .FAILED} marker with the exit code. Unlike the original, exit
 * code 3 (exit for resume) leaves no failure marker.
 */
public final class LocalScript {
    private LocalScript() {
    }

    public static String render(JobSpec spec) {
        return "#!/bin/bash\n"
                + "# " + spec.jobId() + "\n\n"
                + "error=" + ScriptFiles.quote(spec.stderr().toString()) + "\n"
                + "output=" + ScriptFiles.quote(spec.stdout().toString()) + "\n\n"
                + "# Close standard output and error file descriptors\n"
                + "exec 1<&-\n"
                + "exec 2<&-\n\n"
                + "# Redirect output and error streams to files from here on\n"
                + "exec 1>>\"$output\"\n"
                + "exec 2>>\"$error\"\n\n"
                + spec.exports()
                + spec.commandBlock() + "\n"
                + "rc=$?\n\n"
                + "if [[ $rc != 0 && $rc != 3 ]]; then\n"
                + "    echo \"Failed with exit code $rc\"\n"
                + "    # add an indicator file to more easily identify failed jobs\n"
                + "    echo \"$rc\" > " + ScriptFiles.quote(spec.failedMarker().toString()) + "\n"
                + "fi\n\n"
                + "exit $rc\n";
    }
}
