package dev.clusterutils.dashboard;

import java.util.Locale;

/** Where a job stands, as the dashboard shows it; read from the journal, so the same for a live run and an old one. */
public enum JobState {
    /** planned and written to the journal, not handed to the backend yet */
    CREATED,
    /** handed to the backend (queued by a scheduler, or waiting to start) */
    SUBMITTED,
    /** the job's first message arrived (its host is known) */
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** dryrun: its files were written, nothing ran */
    NOT_RUN;

    /** The name in the JSON API and the page: {@code succeeded}, {@code not_run}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == NOT_RUN;
    }

    /** The state named by {@code label} (any case), or null. */
    public static JobState of(String label) {
        for (JobState s : values()) {
            if (s.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
                return s;
            }
        }
        return null;
    }
}
