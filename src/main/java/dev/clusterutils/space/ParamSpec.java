package dev.clusterutils.space;

import java.util.List;

/**
 * One validated {@code optimized_params} entry. For numerical distributions {@code lower < upper}
 * are the bounds (integral for Int*, at least 1e-10 for *Log*) and {@code options} is empty; for
 * Discrete, {@code options} holds the values (lists became tuples) and the bounds are NaN.
 * {@code lowerRaw}/{@code upperRaw} keep the bound as written (Long or Double), because a value
 * clipped to a bound has the bound's own type in the original.
 */
public record ParamSpec(
        String param,
        Distribution distribution,
        double lower,
        double upper,
        Object lowerRaw,
        Object upperRaw,
        List<Object> options,
        boolean smartRounding) {
}
