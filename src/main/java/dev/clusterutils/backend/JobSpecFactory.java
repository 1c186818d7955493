package dev.clusterutils.backend;

import java.util.Map;

/** Turns a planned job into what the backend runs (script paths, command block). */
public interface JobSpecFactory {
    JobSpec create(long jobId, long token, int iteration, Map<String, Object> parameterDict, boolean resubmission);
}
