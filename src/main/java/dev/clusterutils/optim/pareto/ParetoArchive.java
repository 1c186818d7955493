package dev.clusterutils.optim.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The running Pareto front of a multi-objective run, fed one loss vector per finished job: a new
 * point is dropped when a front point dominates it, else it evicts the points it dominates. Also
 * keeps the range of every point seen, for the default hypervolume reference
 * ({@link Hypervolume#defaultReference}), so that the figure does not depend on the order of
 * arrival (a resumed run reports what the crashed one would have). Not thread-safe.
 */
public final class ParetoArchive {
    private final int objectives;
    private final List<double[]> front = new ArrayList<>();
    private final double[] lo;
    private final double[] hi;
    private boolean any;
    private double cachedVolume = Double.NaN;
    /** A reference point the user fixed (losses), or null to follow the values seen. */
    private final double[] fixedReference;

    public ParetoArchive(int objectives) {
        this(objectives, null);
    }

    /** @param fixedReference the hypervolume's reference point as losses; null for the default */
    public ParetoArchive(int objectives, double[] fixedReference) {
        this.objectives = objectives;
        this.lo = new double[objectives];
        this.hi = new double[objectives];
        this.fixedReference = fixedReference == null ? null : fixedReference.clone();
    }

    /** Adds one job's losses; a vector with a NaN or an infinity is ignored. */
    public void add(double[] losses) {
        if (losses.length != objectives) {
            throw new IllegalArgumentException("expected " + objectives + " objectives, got " + losses.length);
        }
        for (double x : losses) {
            if (!Double.isFinite(x)) {
                return;
            }
        }
        double[] p = losses.clone();
        if (!any) {
            System.arraycopy(p, 0, lo, 0, objectives);
            System.arraycopy(p, 0, hi, 0, objectives);
            any = true;
        }
        for (int i = 0; i < objectives; i++) {
            lo[i] = Math.min(lo[i], p[i]);
            hi[i] = Math.max(hi[i], p[i]);
        }
        cachedVolume = Double.NaN;
        for (double[] q : front) {
            if (ParetoRanking.dominates(q, p) || Arrays.equals(q, p)) {
                return;
            }
        }
        for (Iterator<double[]> it = front.iterator(); it.hasNext();) {
            if (ParetoRanking.dominates(p, it.next())) {
                it.remove();
            }
        }
        front.add(p);
    }

    public int size() {
        return front.size();
    }

    /** The front's loss vectors (copies), in no particular order. */
    public List<double[]> front() {
        return front.stream().map(double[]::clone).toList();
    }

    /**
     * The fixed reference, else the default: the worst loss seen per objective plus a tenth of its
     * range; null before any point.
     */
    public double[] reference() {
        if (fixedReference != null) {
            return fixedReference.clone();
        }
        if (!any) {
            return null;
        }
        double[] ref = new double[objectives];
        for (int i = 0; i < objectives; i++) {
            double range = hi[i] - lo[i];
            ref[i] = hi[i] + (range > 0 ? 0.1 * range : 1);
        }
        return ref;
    }

    /** The front's hypervolume below {@link #reference()}; NaN before any point. */
    public double hypervolume() {
        if (!any) {
            return Double.NaN;
        }
        if (Double.isNaN(cachedVolume)) {
            cachedVolume = Hypervolume.of(front, reference());
        }
        return cachedVolume;
    }
}
