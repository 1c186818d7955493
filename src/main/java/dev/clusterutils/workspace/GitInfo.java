package dev.clusterutils.workspace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run's code was: where the jobs' copy came from and at which commit, and the state of the
 * user's own working copy (dirty or not, and the diff file that makes a dirty run reproducible).
 * Any field may be null when it does not apply.
 */
public record GitInfo(
        String url,
        String branch,
        String commit,
        String commitSummary,
        String author,
        String commitDate,
        String localCopy,
        boolean dirty,
        String diffFile,
        String diffSha256) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("branch", branch);
        m.put("commit", commit);
        m.put("commit_summary", commitSummary);
        m.put("author", author);
        m.put("commit_date", commitDate);
        m.put("local_copy", localCopy);
        m.put("working_copy_dirty", dirty);
        m.put("uncommitted_diff", diffFile);
        m.put("uncommitted_diff_sha256", diffSha256);
        return m;
    }
}
