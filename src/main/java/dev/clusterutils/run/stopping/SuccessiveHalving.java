package dev.clusterutils.run.stopping;

import dev.clusterutils.value.PythonRepr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020), in its stopping form: rung k sits at
 * resource {@code min * eta^k} (below {@code max}, where jobs finish anyway). The first report of a
 * job at or past a rung records its value there; the job goes on while that value is among the
 * best {@code max(1, floor(n / eta))} of the n values recorded at the rung so far, itself included,
 * and is stopped otherwise. Nobody waits for a rung to fill: the first jobs at a rung always go on,
 * and the rule grows stricter as the rungs fill, as Optuna's SuccessiveHalvingPruner does.
 */
public final class SuccessiveHalving implements StoppingRule {
    private final int eta;
    private final double minResource;
    private final Double maxResource;
    private final Better better;
    private final List<List<Double>> rungs = new ArrayList<>();
    private final Map<Long, Integer> nextRung = new HashMap<>();

    SuccessiveHalving(int eta, double minResource, Double maxResource, boolean minimize) {
        if (eta < 2 || !(minResource > 0)) {
            throw new IllegalArgumentException("reduction factor must be at least 2 and the minimum resource above 0");
        }
        this.eta = eta;
        this.minResource = minResource;
        this.maxResource = maxResource;
        this.better = new Better(minimize);
    }

    /** The resource of rung {@code k}. */
    double rung(int k) {
        return minResource * Math.pow(eta, k);
    }

    private boolean isRung(int k) {
        return maxResource == null || rung(k) < maxResource;
    }

    @Override
    public Verdict report(long jobId, double resource, double value) {
        int k = nextRung.getOrDefault(jobId, 0);
        while (isRung(k) && resource >= rung(k)) {
            if (rungs.size() <= k) {
                rungs.add(new ArrayList<>());
            }
            List<Double> recorded = rungs.get(k);
            recorded.add(value);
            int keep = Math.max(1, recorded.size() / eta);
            int ahead = (int) recorded.stream().filter(v -> better.than(v, value)).count();
            if (ahead >= keep) {
                nextRung.remove(jobId);
                return Verdict.stop("at rung " + k + " (resource " + PythonRepr.floatRepr(rung(k)) + ") its value " + PythonRepr.floatRepr(value)
                        + " is not among the best " + keep + " of the " + recorded.size() + " recorded there", k);
            }
            k++;
        }
        nextRung.put(jobId, k);
        return Verdict.CONTINUE;
    }

    @Override
    public void finished(long jobId, double finalValue) {
        nextRung.remove(jobId);
    }

    @Override
    public void ended(long jobId) {
        nextRung.remove(jobId);
    }

    /** Values recorded at rung {@code k} so far (for tests and the report). */
    List<Double> recorded(int k) {
        return k < rungs.size() ? List.copyOf(rungs.get(k)) : List.of();
    }
}
