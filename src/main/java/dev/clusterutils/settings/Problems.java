package dev.clusterutils.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every error and warning of one settings load, so that the user sees all problems of
 * a file at once instead of fixing them one run at a time.
 */
final class Problems {
    private final List<SettingsProblem> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void error(String path, String message) {
        errors.add(new SettingsProblem(path, message));
    }

    void warn(String path, String message) {
        warnings.add(new SettingsProblem(path, message).toString());
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int errorCount() {
        return errors.size();
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    void throwIfAny() throws SettingsException {
        if (!errors.isEmpty()) {
            throw new SettingsException(errors);
        }
    }
}
