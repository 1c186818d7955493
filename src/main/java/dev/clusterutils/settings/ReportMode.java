package dev.clusterutils.settings;

/** {@code generate_report}: case-insensitive in settings files. */
public enum ReportMode {
    NEVER, WHEN_FINISHED, EVERY_ITERATION
}
