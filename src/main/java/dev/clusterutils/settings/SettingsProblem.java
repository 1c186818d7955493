package dev.clusterutils.settings;

/**
 * One thing wrong with a settings file. {@code path} is the dotted key path
 * ({@code cluster_requirements.request_cpus}, {@code hyperparam_list[2].values}) or the file
 * name for syntax errors; {@code message} is what the user reads.
 */
public record SettingsProblem(String path, String message) {
    @Override
    public String toString() {
        return path == null || path.isEmpty() ? message : path + ": " + message;
    }
}
