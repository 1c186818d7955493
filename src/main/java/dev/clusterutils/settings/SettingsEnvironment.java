package dev.clusterutils.settings;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What settings loading reads from the process, made explicit so tests are deterministic.
 *
 * @param env   environment variables, visible to dynamic values as {@code ENV_X} and {@code {$X}}
 * @param home  the home directory: a relative {@code results_dir} and a {@code ~} in the
 *              singularity image are resolved against it
 * @param cwd   the working directory: relative {@code __import__} paths resolve against it
 * @param clock the time of {@code __timestamp__}, in the clock's zone
 */
public record SettingsEnvironment(Map<String, String> env, Path home, Path cwd, Clock clock) {
    public SettingsEnvironment {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(clock, "clock");
    }

    /** The running process: its environment, {@code $HOME} (else {@code user.home}), its working directory and clock. */
    public static SettingsEnvironment system() {
        Map<String, String> env = System.getenv();
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new SettingsEnvironment(env, Path.of(home), Path.of("").toAbsolutePath(), Clock.systemDefaultZone());
    }
}
