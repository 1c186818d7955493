package dev.clusterutils.settings;

import dev.clusterutils.value.PythonRepr;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates {@code environment_setup} (spec §2.3). */
final class EnvironmentSetupReader {
    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentSetupReader() {
    }

    static EnvironmentSetup read(Section s) {
        String venv = s.string("virtual_env_path", false);
        String conda = s.string("conda_env_path", false);
        String preJob = s.string("pre_job_script", false);
        boolean isPython = s.bool("is_python_script", true);
        boolean asModule = s.bool("run_as_module", false);
        String python = s.string("custom_python_executable_path", false);
        if (python != null) {
            s.problems().warn(s.keyPath("custom_python_executable_path"),
                    "a custom Python executable is not recommended; prefer virtual_env_path");
        }
        if (s.has("custom_pythonpaths")) {
            s.problems().error(s.keyPath("custom_pythonpaths"),
                    "Setting custom pythonpath was deprecated. Set \"virtual_env_path\" instead.");
        }
        if (asModule && !isPython) {
            s.problems().warn(s.keyPath("run_as_module"), "ignored because is_python_script is false");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Object raw = s.raw("variables");
        if (raw instanceof Map<?, ?> m) {
            // The job script exports str() of names and values, so True becomes "True" as in the original.
            m.forEach((k, v) -> {
                String name = PythonRepr.str(k);
                if (!SHELL_NAME.matcher(name).matches()) {
                    // the name is written unquoted after `export` (a quoted name is no assignment): only an identifier is safe
                    s.problems().error(s.keyPath("variables"), "'" + name + "' is not an environment variable name: "
                            + "use letters, digits and _, not starting with a digit");
                }
                variables.put(name, PythonRepr.str(v));
            });
        } else if (raw != null) {
            s.problems().error(s.keyPath("variables"), Section.expected("dict", raw));
        }
        s.rejectUnknown();
        return new EnvironmentSetup(venv, conda, Collections.unmodifiableMap(variables), preJob,
                isPython, asModule, python == null ? "python3" : python);
    }
}
