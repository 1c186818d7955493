package dev.clusterutils.optim.gp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * A Gaussian-process regression model with a Matern-5/2 kernel and one length scale per input
 * (ARD). Inputs are the warped coordinates of {@link GpSpace}: numeric ones in [0, 1], categorical
 * ones an option index whose distance to another index is 0 when equal and 1 otherwise, so every
 * parameter has exactly one length scale. Targets are standardised internally (mean 0, variance 1)
 * and predictions are returned in the caller's units.
 *
 * <p>Hyperparameters (length scales, signal variance, noise variance) are chosen by maximising the
 * log marginal likelihood (in log space, within fixed bounds) with Hipparchus' Nelder-Mead simplex
 * from several starts; the Cholesky factor comes from Hipparchus too.
 */
public final class GaussianProcess {

    /** Kernel hyperparameters in the standardised target units. */
    public record Hyperparameters(double[] lengthScales, double signalVariance, double noiseVariance) {
        public Hyperparameters {
            lengthScales = lengthScales.clone();
        }

        @Override
        public double[] lengthScales() {
            return lengthScales.clone();
        }

        double[] toLog() {
            double[] t = new double[lengthScales.length + 2];
            for (int i = 0; i < lengthScales.length; i++) {
                t[i] = Math.log(lengthScales[i]);
            }
            t[lengthScales.length] = Math.log(signalVariance);
            t[lengthScales.length + 1] = Math.log(noiseVariance);
            return t;
        }

        static Hyperparameters fromLog(double[] t) {
            int d = t.length - 2;
            double[] l = new double[d];
            for (int i = 0; i < d; i++) {
                l[i] = Math.exp(t[i]);
            }
            return new Hyperparameters(l, Math.exp(t[d]), Math.exp(t[d + 1]));
        }

        /** A neutral start: length scale 0.5 on the unit cube, unit signal, little noise. */
        public static Hyperparameters initial(int dimensions) {
            double[] l = new double[dimensions];
            Arrays.fill(l, 0.5);
            return new Hyperparameters(l, 1.0, 1e-4);
        }
    }

    // Bounds of the search in log space. Length scales below 0.01 of the unit cube fit noise; above
    // 100 a dimension is irrelevant anyway. Noise at least 1e-6 keeps the factorisation stable.
    private static final double LOG_MIN_LENGTH = Math.log(1e-2);
    private static final double LOG_MAX_LENGTH = Math.log(1e2);
    private static final double LOG_MIN_SIGNAL = Math.log(5e-2);
    private static final double LOG_MAX_SIGNAL = Math.log(2e1);
    private static final double LOG_MIN_NOISE = Math.log(1e-6);
    private static final double LOG_MAX_NOISE = Math.log(1.0);
    private static final double SIMPLEX_STEP = 0.7;
    private static final double SQRT5 = Math.sqrt(5);
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final double[][] x;
    private final boolean[] categorical;
    private final Hyperparameters hyper;
    private final double yMean;
    private final double yScale;
    private final double[][] lower;
    private final double[] alpha;
    private final double logMarginalLikelihood;

    /**
     * Conditions the process on the observations.
     *
     * @param x one row per observation, in {@link GpSpace} coordinates
     * @param y one finite target per row
     * @param categorical which columns are option indices
     * @throws IllegalArgumentException when there are no rows, sizes disagree, or the kernel matrix
     *         is not positive definite even with the noise
     */
    public GaussianProcess(double[][] x, double[] y, boolean[] categorical, Hyperparameters hyper) {
        check(x, y, categorical);
        if (hyper.lengthScales().length != categorical.length) {
            throw new IllegalArgumentException("one length scale per dimension expected");
        }
        this.x = x;
        this.categorical = categorical.clone();
        this.hyper = hyper;
        double[] stats = meanAndScale(y);
        this.yMean = stats[0];
        this.yScale = stats[1];
        double[] ys = standardise(y, yMean, yScale);
        CholeskyDecomposition chol = factor(x, categorical, hyper);
        if (chol == null) {
            throw new IllegalArgumentException("kernel matrix not positive definite");
        }
        this.lower = chol.getL().getData();
        this.alpha = chol.getSolver().solve(new ArrayRealVector(ys, false)).toArray();
        this.logMarginalLikelihood = logMarginalLikelihood(ys, alpha, lower);
    }

    public Hyperparameters hyperparameters() {
        return hyper;
    }

    public int size() {
        return x.length;
    }

    /** log p(y | X, hyperparameters) of the standardised targets. */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    /** Posterior mean and variance (of the latent function, without noise) at {@code point}. */
    public double[] predict(double[] point) {
        int n = x.length;
        double[] k = new double[n];
        double[] inv = inverseSquaredLengths(hyper);
        for (int i = 0; i < n; i++) {
            k[i] = kernel(x[i], point, inv, categorical, hyper.signalVariance());
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += k[i] * alpha[i];
        }
        // v = L^-1 k by forward substitution; the posterior variance is k(x,x) - v.v
        double vv = 0;
        for (int i = 0; i < n; i++) {
            double[] row = lower[i];
            // four independent sums: the JIT keeps a single floating-point sum strictly sequential,
            // and this loop is most of the optimiser's time
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = 0;
            for (; j + 3 < i; j += 4) {
                s0 += row[j] * k[j];
                s1 += row[j + 1] * k[j + 1];
                s2 += row[j + 2] * k[j + 2];
                s3 += row[j + 3] * k[j + 3];
            }
            for (; j < i; j++) {
                s0 += row[j] * k[j];
            }
            k[i] = (k[i] - ((s0 + s1) + (s2 + s3))) / row[i];
            vv += k[i] * k[i];
        }
        double var = Math.max(hyper.signalVariance() - vv, 0);
        return new double[] {yMean + yScale * mean, var * yScale * yScale};
    }

    /**
     * {@link #predict} for many points at once: row 0 the means, row 1 the variances. The
     * triangular solve runs over all points together, so its inner loop is a vectorisable
     * {@code axpy} rather than a sequential sum.
     */
    public double[][] predictAll(double[][] points) {
        int n = x.length;
        int m = points.length;
        double[] inv = inverseSquaredLengths(hyper);
        double[][] v = new double[n][m];
        double[] mean = new double[m];
        for (int i = 0; i < n; i++) {
            double[] vi = v[i];
            for (int c = 0; c < m; c++) {
                vi[c] = kernel(x[i], points[c], inv, categorical, hyper.signalVariance());
                mean[c] += vi[c] * alpha[i];
            }
        }
        double[] varSum = new double[m];
        for (int i = 0; i < n; i++) {
            double[] row = lower[i];
            double[] vi = v[i];
            for (int j = 0; j < i; j++) {
                double l = row[j];
                double[] vj = v[j];
                for (int c = 0; c < m; c++) {
                    vi[c] -= l * vj[c];
                }
            }
            double d = row[i];
            for (int c = 0; c < m; c++) {
                vi[c] /= d;
                varSum[c] += vi[c] * vi[c];
            }
        }
        double[][] out = new double[2][m];
        for (int c = 0; c < m; c++) {
            out[0][c] = yMean + yScale * mean[c];
            out[1][c] = Math.max(hyper.signalVariance() - varSum[c], 0) * yScale * yScale;
        }
        return out;
    }

    /**
     * The hyperparameters maximising the log marginal likelihood, from {@code starts} starting
     * points: {@code warm} (if given), the neutral {@link Hyperparameters#initial} and random ones.
     * Each start is a Nelder-Mead run of at most {@code evaluationsPerStart} likelihoods.
     */
    public static Hyperparameters fit(double[][] x, double[] y, boolean[] categorical, RandomGenerator rng,
            int starts, int evaluationsPerStart, Hyperparameters warm) {
        check(x, y, categorical);
        int d = categorical.length;
        double[] stats = meanAndScale(y);
        double[] ys = standardise(y, stats[0], stats[1]);
        double[] lo = new double[d + 2];
        double[] hi = new double[d + 2];
        Arrays.fill(lo, 0, d, LOG_MIN_LENGTH);
        Arrays.fill(hi, 0, d, LOG_MAX_LENGTH);
        lo[d] = LOG_MIN_SIGNAL;
        hi[d] = LOG_MAX_SIGNAL;
        lo[d + 1] = LOG_MIN_NOISE;
        hi[d + 1] = LOG_MAX_NOISE;

        List<double[]> starting = new ArrayList<>();
        if (warm != null) {
            starting.add(clamp(warm.toLog(), lo, hi));
        }
        starting.add(clamp(Hyperparameters.initial(d).toLog(), lo, hi));
        while (starting.size() < Math.max(1, starts)) {
            double[] t = new double[d + 2];
            for (int i = 0; i < t.length; i++) {
                t[i] = lo[i] + rng.nextDouble() * (hi[i] - lo[i]);
            }
            starting.add(t);
        }
        starting = starting.subList(0, Math.max(1, starts));

        BestSeen best = new BestSeen();
        // Nelder-Mead on the point clamped into the box: its bookkeeping is O(d) per step, where
        // BOBYQA's cost more than the likelihood itself below a hundred observations
        ObjectiveFunction objective = new ObjectiveFunction(t -> {
            double[] c = clamp(t, lo, hi);
            return best.offer(c, likelihood(x, ys, categorical, c));
        });
        double[] steps = new double[d + 2];
        Arrays.fill(steps, SIMPLEX_STEP);
        for (double[] start : starting) {
            best.offer(start, likelihood(x, ys, categorical, start));
            try {
                new SimplexOptimizer(1e-6, 1e-9).optimize(new MaxEval(Math.max(evaluationsPerStart, d + 4)), objective,
                        GoalType.MAXIMIZE, new InitialGuess(start), new NelderMeadSimplex(steps));
            } catch (MathIllegalStateException budgetSpent) {
                // the evaluation budget ran out: the best point seen so far is kept by BestSeen
            }
        }
        return best.point == null ? Hyperparameters.initial(d) : Hyperparameters.fromLog(best.point);
    }

    /** The best point an optimiser has evaluated, kept even when its run is cut short. */
    private static final class BestSeen {
        double[] point;
        double value = Double.NEGATIVE_INFINITY;

        double offer(double[] t, double v) {
            if (v > value) {
                value = v;
                point = t.clone();
            }
            return Double.isFinite(v) ? v : -1e300;
        }
    }

    private static double likelihood(double[][] x, double[] ys, boolean[] categorical, double[] logTheta) {
        Hyperparameters h = Hyperparameters.fromLog(logTheta);
        CholeskyDecomposition chol = factor(x, categorical, h);
        if (chol == null) {
            return Double.NEGATIVE_INFINITY;
        }
        double[][] l = chol.getL().getData();
        double[] a = chol.getSolver().solve(new ArrayRealVector(ys, false)).toArray();
        return logMarginalLikelihood(ys, a, l);
    }

    private static double logMarginalLikelihood(double[] ys, double[] alpha, double[][] lower) {
        double fit = 0;
        double logDet = 0;
        for (int i = 0; i < ys.length; i++) {
            fit += ys[i] * alpha[i];
            logDet += Math.log(lower[i][i]);
        }
        return -0.5 * fit - logDet - 0.5 * ys.length * LOG_2PI;
    }

    /** The Cholesky factorisation of K + noise I, or null when it is not positive definite. */
    private static CholeskyDecomposition factor(double[][] x, boolean[] categorical, Hyperparameters h) {
        int n = x.length;
        double[] inv = inverseSquaredLengths(h);
        double s2 = h.signalVariance();
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[i][i] = s2 + h.noiseVariance();
            for (int j = 0; j < i; j++) {
                double v = kernel(x[i], x[j], inv, categorical, s2);
                k[i][j] = v;
                k[j][i] = v;
            }
        }
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(k, false),
                    CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD, 1e-12);
        } catch (MathIllegalArgumentException notPositiveDefinite) {
            return null;
        }
    }

    private static double[] inverseSquaredLengths(Hyperparameters h) {
        double[] l = h.lengthScales;
        double[] inv = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            inv[i] = 1 / (l[i] * l[i]);
        }
        return inv;
    }

    /** Matern-5/2: s2 (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r). */
    static double kernel(double[] a, double[] b, double[] inverseSquaredLengths, boolean[] categorical, double s2) {
        double r2 = 0;
        for (int i = 0; i < a.length; i++) {
            if (categorical[i]) {
                r2 += a[i] == b[i] ? 0 : inverseSquaredLengths[i];
            } else {
                double diff = a[i] - b[i];
                r2 += diff * diff * inverseSquaredLengths[i];
            }
        }
        double r = Math.sqrt(r2);
        return s2 * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * Math.exp(-SQRT5 * r);
    }

    private static double[] meanAndScale(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / y.length);
        // all targets equal: any scale will do, and 1 keeps the predictions in the caller's units
        return new double[] {mean, sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1};
    }

    private static double[] standardise(double[] y, double mean, double scale) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (y[i] - mean) / scale;
        }
        return out;
    }

    private static double[] clamp(double[] t, double[] lo, double[] hi) {
        double[] out = t.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(lo[i], Math.min(hi[i], out[i]));
        }
        return out;
    }

    private static void check(double[][] x, double[] y, boolean[] categorical) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need one target per row and at least one row, got "
                    + x.length + " rows and " + y.length + " targets");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != categorical.length) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " columns, expected "
                        + categorical.length);
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("target " + i + " is not finite: " + y[i]);
            }
        }
    }
}
