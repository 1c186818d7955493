package dev.clusterutils.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each job waited and ran: per job one or more runs (a job that exits to be resumed runs
 * again), each from submission over start to its end. Built from the journal or from a
 * {@code cluster_run.log}; times are epoch milliseconds, -1 where unknown.
 *
 * @param exitMillis when cluster-utils ended the run, -1 if the source does not say (still running, or killed)
 */
public record TimelineData(String name, String source, List<JobRuns> jobs, long exitMillis) {

    /** How a run ended. {@code OPEN}: it had not ended when the source was written. */
    public enum End { SUCCEEDED, FAILED, RESUMED, OPEN }

    public record Run(long submitted, long started, long ended, End end) {
        /** The earliest known time of the run. */
        long from() {
            return submitted >= 0 ? submitted : started >= 0 ? started : ended;
        }
    }

    public record JobRuns(long id, List<Run> runs) {
    }

    public long firstMillis() {
        long min = Long.MAX_VALUE;
        for (JobRuns j : jobs) {
            for (Run r : j.runs()) {
                if (r.from() >= 0) {
                    min = Math.min(min, r.from());
                }
            }
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    /** The last time the source records anything. */
    public long lastMillis() {
        long max = exitMillis;
        for (JobRuns j : jobs) {
            for (Run r : j.runs()) {
                max = Math.max(max, Math.max(r.ended(), Math.max(r.started(), r.submitted())));
            }
        }
        return max;
    }

    /** Collects runs event by event, in the order the source records them. */
    static final class Builder {
        private final Map<Long, List<long[]>> runs = new TreeMap<>(); // {submitted, started, ended, end ordinal}
        private long exit = -1;

        /** The job's last run if it has not ended, else a new one. */
        private long[] openRun(long id) {
            List<long[]> list = runs.computeIfAbsent(id, k -> new ArrayList<>());
            long[] last = list.isEmpty() ? null : list.get(list.size() - 1);
            if (last == null || last[2] >= 0) {
                last = newRun(list);
            }
            return last;
        }

        private static long[] newRun(List<long[]> list) {
            long[] r = {-1, -1, -1, End.OPEN.ordinal()};
            list.add(r);
            return r;
        }

        void created(long id) {
            runs.computeIfAbsent(id, k -> new ArrayList<>());
        }

        void submitted(long id, long t) {
            long[] r = openRun(id);
            if (r[1] >= 0) {
                r = newRun(runs.get(id)); // submitted again after it started: a new run
            }
            if (r[0] < 0) {
                r[0] = t;
            }
        }

        void started(long id, long t) {
            long[] r = openRun(id);
            if (r[1] >= 0) {
                r = newRun(runs.get(id));
            }
            r[1] = t;
        }

        void ended(long id, long t, End end) {
            List<long[]> list = runs.computeIfAbsent(id, k -> new ArrayList<>());
            long[] last = list.isEmpty() ? null : list.get(list.size() - 1);
            if (last != null && last[2] >= 0) {
                return; // already ended (a failure logged twice, e.g. "died with error" then "failed")
            }
            if (last == null) {
                last = new long[]{-1, -1, -1, End.OPEN.ordinal()};
                list.add(last);
            }
            last[2] = t;
            last[3] = end.ordinal();
        }

        void exit(long t) {
            exit = t;
        }

        TimelineData build(String name, String source) {
            List<JobRuns> jobs = new ArrayList<>();
            runs.forEach((id, list) -> {
                List<Run> rs = new ArrayList<>();
                for (long[] r : list) {
                    rs.add(new Run(r[0], r[1], r[2], End.values()[(int) r[3]]));
                }
                jobs.add(new JobRuns(id, rs));
            });
            return new TimelineData(name, source, jobs, exit);
        }
    }
}
