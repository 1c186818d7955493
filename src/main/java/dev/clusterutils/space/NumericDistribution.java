package dev.clusterutils.space;

import dev.clusterutils.value.PyValues;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TruncatedNormal, TruncatedLogNormal, IntNormal and IntLogNormal (spec 4.3.1). {@code centre},
 * {@code spread} and {@code lastCentre} live in log space for the log variants.
 *
 * <p>Differences from the original, all deliberate:
 * <ul>
 *   <li>The momentum centre of the log variants is checked against the log bounds (the original
 *       compared a log value with linear bounds, 11.2 #10).</li>
 *   <li>Integer conversion rounds half away from zero; the original's {@code int(x + 0.5)} turned
 *       -2.7 into -2 (11.2 #12). Non-negative values round exactly as before.</li>
 *   <li>Draws outside the bounds are still clipped, not redrawn (11.2 #11): "Truncated" stays a
 *       misnomer so that sampled values match the original's, bound pile-up included.</li>
 *   <li>Non-numeric or non-finite elite values are skipped by {@link #fit} instead of crashing.</li>
 * </ul>
 *
 * @param lastCentre the momentum memory, null until the centre first moves by more than 1e-3
 */
public record NumericDistribution(ParamSpec spec, double centre, double spread, Double lastCentre)
        implements ParamDistribution {

    private static final Logger LOG = LoggerFactory.getLogger(NumericDistribution.class);
    /** The original draws this many values per ask so that smart rounding sees a batch. */
    static final int BATCH = 10;
    private static final int MIN_FIT_VALUES = 5;
    private static final double MOVE_THRESHOLD = 1e-3;

    public NumericDistribution {
        if (spec.distribution() == Distribution.Discrete) {
            throw new IllegalArgumentException("Discrete parameter " + spec.param() + " is not numeric");
        }
    }

    public static NumericDistribution initial(ParamSpec spec) {
        boolean log = spec.distribution().isLog();
        double lo = log ? Math.log(spec.lower()) : spec.lower();
        double hi = log ? Math.log(spec.upper()) : spec.upper();
        return new NumericDistribution(spec, 0.5 * (lo + hi), (hi - lo) / 4.0, null);
    }

    private boolean log() {
        return spec.distribution().isLog();
    }

    /** Lower bound in the space the centre lives in. */
    public double centreLower() {
        return log() ? Math.log(spec.lower()) : spec.lower();
    }

    public double centreUpper() {
        return log() ? Math.log(spec.upper()) : spec.upper();
    }

    @Override
    public NumericDistribution fit(List<?> values) {
        List<Double> xs = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v instanceof Number || v instanceof Boolean) {
                double d = PyValues.toDouble(v);
                double x = log() ? Math.log(d) : d;
                if (Double.isFinite(x)) {
                    xs.add(x);
                }
            }
        }
        if (xs.size() < MIN_FIT_VALUES) {
            return this; // too few samples to refit
        }
        double mean = 0;
        for (double x : xs) {
            mean += x;
        }
        mean /= xs.size();
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(ss / xs.size()); // maximum likelihood: population std (ddof 0)
        // the memory is only replaced on a real move, never cleared, as in the original
        Double last = Math.abs(mean - centre) > MOVE_THRESHOLD ? Double.valueOf(centre) : lastCentre;
        if (!(centreLower() <= mean && mean <= centreUpper())) {
            LOG.warn("Mean of {} is out of bounds", spec.param());
        }
        return new NumericDistribution(spec, mean, std, last);
    }

    /** The centre the next batch is drawn around: centre plus three times its last move, if in bounds. */
    public double momentumCentre() {
        if (lastCentre == null) {
            return centre;
        }
        double c = 4 * centre - 3 * lastCentre;
        return (centreLower() <= c && c <= centreUpper()) ? c : centre;
    }

    /** The raw batch of {@link #BATCH} draws, smart-rounded when enabled (before clipping). */
    public double[] drawBatch(RandomGenerator rng) {
        double c = momentumCentre();
        double[] batch = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            double x = c + spread * rng.nextGaussian();
            batch[i] = log() ? Math.exp(x) : x;
        }
        return spec.smartRounding() ? SmartRounding.smartRound(batch) : batch;
    }

    @Override
    public Object sample(RandomGenerator rng) {
        return finish(drawBatch(rng)[0]);
    }

    /** Clipping and integer conversion of one drawn value; the value's Java type follows the original's Python type. */
    Object finish(double x) {
        Object clipped;
        // Python's min(max(x, lower), upper) returns the bound object itself only when x is strictly outside
        if (x < spec.lower()) {
            clipped = raw(spec.lowerRaw(), spec.lower());
        } else if (x > spec.upper()) {
            clipped = raw(spec.upperRaw(), spec.upper());
        } else {
            clipped = x;
        }
        if (spec.distribution().isInteger()) {
            return roundHalfAwayFromZero(PyValues.toDouble(clipped));
        }
        return clipped;
    }

    /** Half away from zero: 2.5 -> 3, -2.5 -> -3, -2.7 -> -3. */
    public static long roundHalfAwayFromZero(double x) {
        double r = Math.floor(Math.abs(x) + 0.5);
        return (long) (x < 0 ? -r : r);
    }

    private static Object raw(Object raw, double bound) {
        if (raw instanceof Long || raw instanceof Double) {
            return raw;
        }
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        return bound;
    }
}
