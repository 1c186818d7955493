package dev.clusterutils.dashboard;

import java.util.List;
import java.util.Map;

/**
 * One job opened: its row, its early reports, and the last lines of its output files as they are
 * now (read from the jobs dir; empty when the files are gone, e.g. removed with {@code remove_jobs_dir}).
 */
public record JobDetail(String run, JobRow job, List<Map<String, Double>> earlyReports, List<String> stdoutTail,
                        List<String> stderrTail) {
}
