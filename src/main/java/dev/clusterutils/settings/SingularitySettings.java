package dev.clusterutils.settings;

import java.util.List;

/** The optional {@code singularity} section; {@code image} is already {@code ~}-expanded. */
public record SingularitySettings(String image, String executable, boolean useRun, List<String> args) {
}
