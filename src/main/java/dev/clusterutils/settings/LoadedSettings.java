package dev.clusterutils.settings;

import java.util.List;

/**
 * The result of {@link SettingsLoader#loadWithWarnings}: the validated settings and the
 * non-fatal remarks about them (each {@code "<key path>: <text>"}), e.g. {@code bounds} given for
 * a Discrete distribution. Callers print or log the warnings; the run goes on.
 */
public record LoadedSettings(RunSettings settings, List<String> warnings) {
    public LoadedSettings {
        warnings = List.copyOf(warnings);
    }
}
