package dev.clusterutils.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One parameter set to run. {@code values} are keyed by dotted parameter name in
 * {@code optimized_params} order; the caller merges fixed params, job id and working dir.
 */
public record Proposal(long id, Map<String, Object> values) {
    public Proposal {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }
}
