package dev.clusterutils.camel;

/** Message headers used on the pipeline's endpoints. */
public final class CuHeaders {
    /**
     * The run an event or action belongs to (String). On {@link CuEndpoints#START} a caller may set
     * it to choose the run's id (it must not be in use); the reply always carries it.
     */
    public static final String RUN_ID = "CuRunId";
    /**
     * On {@link CuEndpoints#START} with a file or map body: {@code grid_search} or {@code hp_optimization}
     * (or a {@link dev.clusterutils.settings.RunType}); unset, the settings' keys tell.
     */
    public static final String RUN_TYPE = "CuRunType";
    /** On {@link CuEndpoints#START}: KEY=VALUE overrides, a {@code List<String>} or one String with one a line. */
    public static final String OVERRIDES = "CuOverrides";
    /**
     * On {@link CuEndpoints#START}: a {@code Map<String, String>} of {@code cu.*} properties for this run only,
     * taking precedence over the CamelContext's properties.
     */
    public static final String PROPERTIES = "CuRunProperties";
    /** On {@link CuEndpoints#START}: a complete {@link dev.clusterutils.run.RunOptions}; properties are then not read. */
    public static final String OPTIONS = "CuRunOptions";
    /** On {@link CuEndpoints#START} with a map body: where the map came from (Path or String), recorded in metadata.json. */
    public static final String SETTINGS_ORIGIN = "CuSettingsOrigin";

    /** Set by {@link CuJobs#prepare} on seda:cu-submit: the job's id within its run (Long). */
    public static final String JOB_ID = "CuJobId";
    /** Set by {@link CuJobs#prepare}: {@code <run name>_<job id>}, a name for a scheduler. */
    public static final String JOB_NAME = "CuJobName";
    /** Set by {@link CuJobs#prepare}: the job's run script (String path); running it with bash runs the job. */
    public static final String RUN_SCRIPT = "CuRunScript";
    /** Set by {@link CuJobs#prepare}: the job's working directory (String path). */
    public static final String WORKING_DIR = "CuWorkingDir";
    /**
     * Set by the event stage on each action it routes: the action's kind ({@code Submit},
     * {@code SubmitBatch}, {@code Cancel}, {@code CancelAll}, {@code Forget}, {@code Poll}, {@code Ask},
     * {@code Tell}, {@code Finish}); the stage routes by it, and a kind no stage takes ends the run.
     */
    public static final String ACTION = "CuAction";
    /** Read by {@link CuJobs#submitted} and {@link CuJobs#ended}: the job's id at the scheduler (String). */
    public static final String JOB_HANDLE = "CuJobHandle";
    /** Read by {@link CuJobs#ended}: the job's exit code (Integer); falls back to camel-exec's CamelExecExitValue. */
    public static final String EXIT_CODE = "CuExitCode";

    /** Read by {@link CuJobs#refused}: why a submission was refused (String). */
    public static final String REASON = "CuReason";

    private CuHeaders() {
    }
}
