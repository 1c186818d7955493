package dev.clusterutils.space;

import java.util.Map;

/**
 * One configuration of a grid search: its position in job order, the restart it belongs to,
 * and the sampled values as a nested dict (dotted names expanded, hyperparameter order).
 */
public record GridPoint(long index, int restart, Map<String, Object> values) {
}
