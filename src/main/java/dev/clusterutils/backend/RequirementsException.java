package dev.clusterutils.backend;

import java.util.List;

/**
 * {@code cluster_requirements} that the chosen backend cannot work with (a required key missing, a
 * value it cannot use). Thrown when the backend is created, before anything is submitted; the
 * message lists every problem at once.
 */
public final class RequirementsException extends RuntimeException {
    private final List<String> problems;

    public RequirementsException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
