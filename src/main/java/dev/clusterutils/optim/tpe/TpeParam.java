package dev.clusterutils.optim.tpe;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.NumericDistribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.value.PyValues;

/**
 * How TPE models one parameter. Float variants live on [lower, upper] (log space for the log
 * variant); Int variants on [lower-0.5, upper+0.5] (log space for IntLogNormal), so that after
 * rounding every integer owns a full cell, and their density is the mass of that cell; Discrete is
 * a categorical over option indices.
 */
record TpeParam(ParamSpec spec, Kind kind, double low, double high) {

    enum Kind { FLOAT, INT, CATEGORICAL }

    static TpeParam of(ParamSpec spec) {
        Distribution d = spec.distribution();
        if (d == Distribution.Discrete) {
            return new TpeParam(spec, Kind.CATEGORICAL, 0, spec.options().size() - 1);
        }
        if (d.isInteger()) {
            double lo = spec.lower() - 0.5;
            double hi = spec.upper() + 0.5;
            return d.isLog() ? new TpeParam(spec, Kind.INT, Math.log(lo), Math.log(hi))
                    : new TpeParam(spec, Kind.INT, lo, hi);
        }
        return d.isLog() ? new TpeParam(spec, Kind.FLOAT, Math.log(spec.lower()), Math.log(spec.upper()))
                : new TpeParam(spec, Kind.FLOAT, spec.lower(), spec.upper());
    }

    private boolean log() {
        return spec.distribution().isLog();
    }

    /** The model coordinate of a value (option index for Discrete), NaN when the value does not fit. */
    double encode(Object value) {
        if (kind == Kind.CATEGORICAL) {
            for (int i = 0; i < spec.options().size(); i++) {
                if (PyValues.pyEquals(spec.options().get(i), value)) {
                    return i;
                }
            }
            return Double.NaN;
        }
        if (!(value instanceof Number || value instanceof Boolean)) {
            return Double.NaN;
        }
        double x = PyValues.toDouble(value);
        double t = log() ? Math.log(x) : x;
        return Double.isFinite(t) ? t : Double.NaN;
    }

    /** The value for a model coordinate: Double, Long or the option object. */
    Object decode(double t) {
        return switch (kind) {
            case CATEGORICAL -> spec.options().get((int) t);
            case FLOAT -> Math.max(spec.lower(), Math.min(spec.upper(), log() ? Math.exp(t) : t));
            case INT -> {
                long v = NumericDistribution.roundHalfAwayFromZero(log() ? Math.exp(t) : t);
                yield Math.max((long) spec.lower(), Math.min((long) spec.upper(), v));
            }
        };
    }

    /** The rounding cell of an integer value k in model coordinates. */
    double cellLow(long k) {
        return log() ? Math.log(k - 0.5) : k - 0.5;
    }

    double cellHigh(long k) {
        return log() ? Math.log(k + 0.5) : k + 0.5;
    }
}
