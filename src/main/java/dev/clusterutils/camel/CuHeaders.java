package dev.clusterutils.camel;

/** Message headers used on the pipeline's endpoints. */
public final class CuHeaders {
    /** The run an event or action belongs to (String). */
    public static final String RUN_ID = "CuRunId";

    private CuHeaders() {
    }
}
