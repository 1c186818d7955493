package dev.clusterutils.settings;

/** {@code git_params}; every field but {@code removeLocalCopy} may be null (unset). */
public record GitParams(String url, String branch, String commit, Integer depth, boolean removeLocalCopy) {
    public static GitParams defaults() {
        return new GitParams(null, null, null, null, true);
    }
}
