package dev.clusterutils.settings;

/** Validates {@code git_params} (spec §8); null values mean "not set", as {@code "commit": null} in the examples. */
final class GitParamsReader {
    private GitParamsReader() {
    }

    static GitParams read(Section s) {
        String url = s.string("url", false);
        String branch = s.string("branch", false);
        String commit = s.string("commit", false);
        Integer depth = s.integer("depth", false, 1);
        boolean remove = s.bool("remove_local_copy", true);
        s.rejectUnknown();
        return new GitParams(url, branch, commit, depth, remove);
    }
}
