package dev.clusterutils.settings;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in one settings load, reported together (exit code 2, nothing written). */
public final class SettingsException extends Exception {
    private final List<SettingsProblem> problems;

    public SettingsException(List<SettingsProblem> problems) {
        super(problems.stream().map(SettingsProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public SettingsException(String path, String message) {
        this(List.of(new SettingsProblem(path, message)));
    }

    public List<SettingsProblem> problems() {
        return problems;
    }
}
