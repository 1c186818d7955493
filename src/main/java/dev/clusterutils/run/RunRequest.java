package dev.clusterutils.run;

import dev.clusterutils.settings.RunSettings;

/** What starts a run: validated settings and the options to run them with. */
public record RunRequest(RunSettings settings, RunOptions options) {
}
