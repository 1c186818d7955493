package dev.clusterutils.run.stopping;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband (Li et al. 2018) over asynchronous successive halving: brackets b = 0..s with
 * s = floor(log_eta(max / min)), bracket b halving from resource {@code min * eta^b} (the last
 * one never stops a job). Jobs go to brackets in proportion to Hyperband's bracket sizes,
 * {@code ceil((s + 1) / (s - b + 1) * eta^(s - b))}, interleaved by a smooth weighted round robin
 * over job ids, so the assignment is the same after a resume.
 */
public final class Hyperband implements StoppingRule {
    private final List<SuccessiveHalving> brackets = new ArrayList<>();
    private final int[] sequence;

    Hyperband(int eta, double minResource, double maxResource, boolean minimize) {
        if (!(maxResource > minResource)) {
            throw new IllegalArgumentException("the maximum resource must be above the minimum");
        }
        // the epsilon keeps max/min = eta^k exact despite rounding in the logarithms
        int s = (int) Math.floor(Math.log(maxResource / minResource) / Math.log(eta) + 1e-9);
        long[] weights = new long[s + 1];
        for (int b = 0; b <= s; b++) {
            brackets.add(new SuccessiveHalving(eta, minResource * Math.pow(eta, b), maxResource, minimize));
            weights[b] = (long) Math.ceil((double) (s + 1) / (s - b + 1) * Math.pow(eta, s - b));
        }
        sequence = smoothRoundRobin(weights);
    }

    /** The bracket of a job, by its id. */
    int bracket(long jobId) {
        return sequence[(int) Math.floorMod(jobId, (long) sequence.length)];
    }

    int brackets() {
        return brackets.size();
    }

    @Override
    public Verdict report(long jobId, double resource, double value) {
        int b = bracket(jobId);
        Verdict v = brackets.get(b).report(jobId, resource, value);
        return v.stop() ? Verdict.stop("bracket " + b + ", " + v.reason(), v.rung()) : v;
    }

    @Override
    public void finished(long jobId, double finalValue) {
        brackets.get(bracket(jobId)).finished(jobId, finalValue);
    }

    @Override
    public void ended(long jobId) {
        brackets.get(bracket(jobId)).ended(jobId);
    }

    private static int[] smoothRoundRobin(long[] weights) {
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        int[] out = new int[(int) total];
        long[] current = new long[weights.length];
        for (int i = 0; i < out.length; i++) {
            int pick = 0;
            for (int b = 0; b < weights.length; b++) {
                current[b] += weights[b];
                if (current[b] > current[pick]) {
                    pick = b;
                }
            }
            current[pick] -= total;
            out[i] = pick;
        }
        return out;
    }
}
