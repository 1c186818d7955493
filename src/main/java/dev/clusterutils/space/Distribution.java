package dev.clusterutils.space;

/** The five distributions of {@code optimized_params}, named as in settings files. */
public enum Distribution {
    TruncatedNormal, TruncatedLogNormal, IntNormal, IntLogNormal, Discrete;

    public boolean isInteger() {
        return this == IntNormal || this == IntLogNormal;
    }

    public boolean isLog() {
        return this == TruncatedLogNormal || this == IntLogNormal;
    }
}
