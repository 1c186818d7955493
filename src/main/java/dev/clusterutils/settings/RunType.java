package dev.clusterutils.settings;

/** The two kinds of run; the names are what {@code metadata.json} records as {@code run_type}. */
public enum RunType {
    GRID_SEARCH("grid_search"),
    HP_OPTIMIZATION("hp_optimization");

    private final String command;

    RunType(String command) {
        this.command = command;
    }

    /** The sub-command that starts this kind of run. */
    public String command() {
        return command;
    }
}
