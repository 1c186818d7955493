package dev.clusterutils.workspace;

import dev.clusterutils.backend.ScriptFiles;
import dev.clusterutils.settings.EnvironmentSetup;
import dev.clusterutils.settings.SingularitySettings;
import dev.clusterutils.value.PythonRepr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the command block of the original (spec 6.3): cd, environment activation, variables,
 * pre-job script, and the job command line (spec 6.2) that the user's client parses. Every
 * word is single-quoted, so parameter values and paths reach the job exactly as written.
 */
public final class JobCommand {
    private final EnvironmentSetup env;
    private final Path mainPath;
    private final String scriptRelativePath;
    private final SingularitySettings singularity;
    private final Path pythonClientDir;

    /**
     * @param pythonClientDir the bundled client, put on PYTHONPATH when the job's Python cannot import
     *                        {@code cluster_utils} by itself; null when it can
     */
    public JobCommand(EnvironmentSetup env, Path mainPath, String scriptRelativePath,
                      SingularitySettings singularity, Path pythonClientDir) {
        this.env = env;
        this.mainPath = mainPath;
        this.scriptRelativePath = scriptRelativePath;
        this.singularity = singularity;
        this.pythonClientDir = pythonClientDir;
    }

    /** The environment lines without the job command: used to probe the job's Python before a run. */
    public List<String> environmentLines() {
        List<String> lines = new ArrayList<>();
        lines.add("cd " + ScriptFiles.quote(mainPath.toString()));
        lines.add(env.virtualEnvPath() == null ? "" : "source " + ScriptFiles.quote(env.virtualEnvPath() + "/bin/activate"));
        // the original's `exec conda activate` replaced the shell; the hook makes `conda activate` work in scripts
        lines.add(env.condaEnvPath() == null ? ""
                : "eval \"$(conda shell.bash hook)\" && conda activate " + ScriptFiles.quote(env.condaEnvPath()));
        if (env.variables().isEmpty()) {
            lines.add("");
        } else {
            for (Map.Entry<String, String> v : env.variables().entrySet()) {
                lines.add("export " + v.getKey() + "=" + ScriptFiles.quote(v.getValue()));
            }
        }
        lines.add(env.preJobScript() == null ? "" : preJobScriptLine(env.preJobScript()));
        if (pythonClientDir != null) {
            lines.add("export PYTHONPATH=" + ScriptFiles.quote(pythonClientDir.toString()) + "${PYTHONPATH:+:$PYTHONPATH}");
        }
        return lines;
    }

    private String preJobScriptLine(String script) {
        Path path = Path.of(script);
        String word = path.isAbsolute() ? ScriptFiles.quote(script) : "./" + ScriptFiles.quote(script);
        // the original ran ./<script> and so required the executable bit; a plain file is run with bash instead
        Path resolved = path.isAbsolute() ? path : mainPath.resolve(path);
        return Files.exists(resolved) && !Files.isExecutable(resolved) ? "bash " + ScriptFiles.quote(resolved.toString()) : word;
    }

    /**
     * The most bytes one argument of a command line may have on Linux (MAX_ARG_STRLEN, 32 pages of
     * 4 KiB, its terminating NUL included); a longer one fails the job's exec with "Argument list too long".
     */
    public static final int MAX_ARGUMENT_BYTES = 131072 - 1;

    /** The full block for one job. {@code prefix} is e.g. {@code "srun "} on Slurm. */
    public String block(long jobToken, String serverAddress, Map<String, Object> parameters, Path workingDir, String prefix) {
        return block(jobToken, serverAddress, PythonRepr.repr(parameters), null, workingDir, prefix);
    }

    /**
     * The full block for one job whose parameters are {@code dict} (their Python repr) or, when
     * {@code parameterFile} is not null, the JSON file there (see {@link #fitsOneArgument}).
     */
    public String block(long jobToken, String serverAddress, String dict, Path parameterFile, Path workingDir, String prefix) {
        List<String> lines = environmentLines();
        lines.add(prefix + wrap(commandLine(jobToken, serverAddress, dict, parameterFile), workingDir));
        return String.join("\n", lines);
    }

    /**
     * {@code <exec> --job-id=N --cluster-utils-server=IP:PORT --parameter-dict '<dict>'}, as the original
     * sends it; or, for parameters too long for one argument, {@code <exec> ... '<file>.params.json'},
     * which the client library reads as a parameter file (the original's jobs failed there).
     */
    String commandLine(long jobToken, String serverAddress, String dict, Path parameterFile) {
        return executable()
                + " --job-id=" + jobToken
                + " --cluster-utils-server=" + serverAddress
                + (parameterFile == null ? " --parameter-dict " + ScriptFiles.quote(dict) : " " + ScriptFiles.quote(parameterFile.toString()));
    }

    /** Whether a job's parameters (their Python repr) fit in one argument of its command line. */
    public static boolean fitsOneArgument(String dict) {
        // UTF-8 takes at most 3 bytes per char of a Java string (4 per surrogate pair): count only when it may matter
        return dict.length() * 3L <= MAX_ARGUMENT_BYTES || dict.getBytes(StandardCharsets.UTF_8).length <= MAX_ARGUMENT_BYTES;
    }

    String executable() {
        String python = env.pythonExecutable() == null ? "python3" : env.pythonExecutable();
        if (!env.isPythonScript()) {
            return ScriptFiles.quote(mainPath.resolve(scriptRelativePath).toString());
        }
        if (env.runAsModule()) {
            String module = scriptRelativePath.replace("/", ".").replace(".py", "");
            return commandWord(python) + " -m " + ScriptFiles.quote(module);
        }
        return commandWord(python) + " " + ScriptFiles.quote(mainPath.resolve(scriptRelativePath).toString());
    }

    /**
     * A word in command position: besides quoting, a word with {@code =} is quoted too, because
     * bash reads an unquoted {@code NAME=value} there as an assignment and runs the next word instead.
     */
    static String commandWord(String word) {
        String quoted = ScriptFiles.quote(word);
        return quoted.equals(word) && word.indexOf('=') >= 0 ? "'" + word + "'" : quoted;
    }

    private String wrap(String command, Path workingDir) {
        if (singularity == null) {
            return command;
        }
        List<String> words = new ArrayList<>();
        words.add(commandWord(singularity.executable()));
        words.add(singularity.useRun() ? "run" : "exec");
        words.add("--bind=" + ScriptFiles.quote("/tmp," + workingDir + "," + mainPath));
        words.add("--pwd=" + ScriptFiles.quote(mainPath.toString()));
        env.variables().forEach((k, v) -> words.add("--env " + ScriptFiles.quote(k + "=" + v)));
        singularity.args().forEach(a -> words.add(ScriptFiles.quote(a)));
        words.add(ScriptFiles.quote(singularity.image()));
        words.add(command);
        return String.join(" ", words);
    }
}
