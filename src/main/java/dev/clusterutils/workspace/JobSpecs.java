package dev.clusterutils.workspace;

import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.JobSpecFactory;
import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.AtomicFiles;
import dev.clusterutils.value.PythonJson;
import dev.clusterutils.value.PythonRepr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Builds each job's spec: script paths from the layout, command block from {@link JobCommand}. */
public final class JobSpecs implements JobSpecFactory {
    private final RunLayout layout;
    private final String backendKind;
    private final String runName;
    private final JobCommand command;
    private final String serverAddress;
    private final String commandPrefix;

    /**
     * @param serverAddress {@code ip:port} of the message listener, baked into every command line
     * @param commandPrefix put before the job command, e.g. {@code "srun "} on Slurm
     */
    public JobSpecs(RunLayout layout, String backendKind, String runName, JobCommand command, String serverAddress,
                    String commandPrefix) {
        this.layout = layout;
        this.backendKind = backendKind;
        this.runName = runName;
        this.command = command;
        this.serverAddress = serverAddress;
        this.commandPrefix = commandPrefix;
    }

    @Override
    public JobSpec create(long jobId, long token, int iteration, Map<String, Object> parameterDict, boolean resubmission) {
        Path script = layout.runScript(backendKind, iteration, jobId);
        Path workingDir = layout.workingDir(jobId);
        String dict = PythonRepr.repr(parameterDict);
        Path parameterFile = null;
        // a dict too long for one argument, or with a NaN or infinity, which ast.literal_eval cannot read
        // (the original's jobs failed on both): the client reads the same values from a JSON file
        if (!JobCommand.fitsOneArgument(dict) || PythonRepr.hasNonFinite(parameterDict)) {
            parameterFile = layout.parameterFile(script);
            try {
                // beside the run script: the jobs dir is where every backend's jobs read their scripts from
                AtomicFiles.write(parameterFile, PythonJson.dumps(parameterDict));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the parameters of job " + jobId + " to " + parameterFile, e);
            }
        }
        String block = command.block(token, serverAddress, dict, parameterFile, workingDir, commandPrefix);
        return new JobSpec(jobId, iteration, runName + "_" + jobId, block, script, layout.stdout(backendKind, script),
                layout.stderr(backendKind, script), layout.failedMarker(script), workingDir, resubmission);
    }
}
