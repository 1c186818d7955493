package dev.clusterutils.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Caps the points a scatter chart draws: beyond a few thousand, more dots only make the PDF
 * larger and slower to open. The best jobs are always kept (they are what the reader looks
 * for); the rest is a seeded random sample, so the same results give the same report.
 */
final class Sample {
    private Sample() {
    }

    static List<JobResult> of(List<JobResult> jobs, int max, Comparator<JobResult> bestFirst) {
        if (jobs.size() <= max) {
            return jobs;
        }
        List<JobResult> keep = new ArrayList<>();
        List<JobResult> rest = new ArrayList<>(jobs);
        if (bestFirst != null) {
            rest.sort(bestFirst);
            int best = Math.max(1, max / 50);
            keep.addAll(rest.subList(0, best));
            rest = new ArrayList<>(rest.subList(best, rest.size()));
        }
        Collections.shuffle(rest, new Random(42));
        keep.addAll(rest.subList(0, max - keep.size()));
        keep.sort(Comparator.comparingLong(JobResult::id));
        return keep;
    }

    /** A stable pseudo-random offset in [-0.5, 0.5) per job, to spread points that share a category. */
    static double jitter(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return ((z >>> 11) * 0x1.0p-53) - 0.5;
    }
}
