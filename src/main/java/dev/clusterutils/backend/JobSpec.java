package dev.clusterutils.backend;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything a backend needs to run one job. {@code commandBlock} is the shell block of the
 * original (cd, environment activation, variables, pre-job script, the job command) that the
 * backend wraps into its own script; {@code jobName} is {@code <run name>_<id>}. {@code environment}
 * holds variables a stage added (a user's route, {@code cuJobs.environment}): every backend's script
 * exports them before the command block ({@link #exports}).
 */
public record JobSpec(
        long jobId,
        int iteration,
        String jobName,
        String commandBlock,
        Path runScript,
        Path stdout,
        Path stderr,
        Path failedMarker,
        Path workingDir,
        boolean resubmission,
        Map<String, String> environment) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public JobSpec {
        environment = environment == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(environment));
    }

    public JobSpec(long jobId, int iteration, String jobName, String commandBlock, Path runScript, Path stdout, Path stderr,
                   Path failedMarker, Path workingDir, boolean resubmission) {
        this(jobId, iteration, jobName, commandBlock, runScript, stdout, stderr, failedMarker, workingDir, resubmission, Map.of());
    }

    /** This job with one more environment variable (a later value of the same name wins). */
    public JobSpec withEnvironment(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not an environment variable name (letters, digits, _; not first a digit)");
        }
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the value of " + name + " must be a text without NUL characters");
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new JobSpec(jobId, iteration, jobName, commandBlock, runScript, stdout, stderr, failedMarker, workingDir, resubmission, env);
    }

    /** The shell lines that export {@link #environment}, sorted by name; empty when there is none. */
    public String exports() {
        StringBuilder sb = new StringBuilder();
        environment.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                sb.append("export ").append(e.getKey()).append('=').append(ScriptFiles.quote(e.getValue())).append('\n'));
        return sb.toString();
    }
}
