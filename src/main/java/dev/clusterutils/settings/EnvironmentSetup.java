package dev.clusterutils.settings;

import java.util.Map;

/**
 * {@code environment_setup}. {@code variables} keeps the order of the settings file, values
 * already turned into the string the job sees (Python {@code str()}).
 */
public record EnvironmentSetup(
        String virtualEnvPath,
        String condaEnvPath,
        Map<String, String> variables,
        String preJobScript,
        boolean isPythonScript,
        boolean runAsModule,
        String pythonExecutable) {

    public static EnvironmentSetup defaults() {
        return new EnvironmentSetup(null, null, Map.of(), null, true, false, "python3");
    }
}
