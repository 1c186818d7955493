package dev.clusterutils.dashboard;

import java.util.List;

/**
 * A page of a run's jobs: those of the asked states, sorted, from {@code offset}; {@code matching}
 * is how many there are in all, so a table can page through 10,000 jobs fetching 50 at a time.
 */
public record JobPage(String run, List<String> states, String sort, boolean descending, long matching, long offset, int limit,
                      List<JobRow> jobs) {
}
