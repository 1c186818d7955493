package dev.clusterutils.optim.es;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * nevergrad's {@code CMA}: the covariance matrix adaptation evolution strategy with full
 * covariance, cumulative step-size adaptation and rank-one plus rank-mu updates, with the default
 * constants of Hansen's tutorial ("The CMA Evolution Strategy: A Tutorial", 2016). Population size
 * {@code max(num_workers, 4 + floor(3 ln D))}.
 *
 * <p>Asynchronous use: candidates are sampled from the current distribution whenever asked; told
 * candidates fill a generation buffer, and every {@code lambda} tells trigger one update. A
 * candidate told after the distribution moved is used as if sampled from the current one, with its
 * normalised step capped so that a stale point cannot blow up the covariance. Failed candidates are
 * simply not part of any generation.
 */
final class CmaEs implements EsAlgorithm {
    static final double INITIAL_SIGMA = 0.3;

    private record Evaluated(double[] x, double loss) {
    }

    private final int n;
    private final int lambda;
    private final int mu;
    private final double[] weights;
    private final double muEff;
    private final double cSigma;
    private final double dSigma;
    private final double cc;
    private final double c1;
    private final double cMu;
    private final double chiN;

    private final double[] mean;
    private double sigma = INITIAL_SIGMA;
    private final double[][] cov;
    private double[][] basis;
    private double[] scales;
    private final double[] pSigma;
    private final double[] pc;
    private int generation;
    private final List<Evaluated> buffer = new ArrayList<>();

    CmaEs(int dimension, int numWorkers) {
        this.n = dimension;
        this.lambda = Math.max(numWorkers, 4 + (int) Math.floor(3 * Math.log(Math.max(1, n))));
        this.mu = lambda / 2;
        this.weights = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] = Math.log(mu + 0.5) - Math.log(i + 1);
            sum += weights[i];
        }
        double sumSq = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] /= sum;
            sumSq += weights[i] * weights[i];
        }
        this.muEff = 1 / sumSq;
        this.cSigma = (muEff + 2) / (n + muEff + 5);
        this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
        this.cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        this.c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
        this.cMu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
        this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        this.mean = EsAlgorithm.centre(n);
        this.cov = identity(n);
        this.basis = identity(n);
        this.scales = new double[n];
        Arrays.fill(scales, 1.0);
        this.pSigma = new double[n];
        this.pc = new double[n];
    }

    int lambda() {
        return lambda;
    }

    @Override
    public Candidate ask(RandomGenerator rng) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = scales[i] * rng.nextGaussian();
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double y = 0;
            for (int j = 0; j < n; j++) {
                y += basis[i][j] * z[j];
            }
            x[i] = mean[i] + sigma * y;
        }
        return Candidate.of(x);
    }

    @Override
    public void tell(Candidate candidate, double loss) {
        add(candidate.genotype(), loss);
    }

    @Override
    public void tellNotAsked(double[] point, double loss) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = UnitCube.nearestImage(point[i], mean[i]);
        }
        add(x, loss);
    }

    private void add(double[] x, double loss) {
        buffer.add(new Evaluated(x.clone(), loss));
        if (buffer.size() >= lambda) {
            update();
            buffer.clear();
        }
    }

    private void update() {
        buffer.sort(Comparator.comparingDouble(Evaluated::loss));
        double[][] ys = new double[mu][];
        double[] yw = new double[n];
        for (int k = 0; k < mu; k++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = (buffer.get(k).x()[i] - mean[i]) / sigma;
            }
            capStep(y);
            ys[k] = y;
            for (int i = 0; i < n; i++) {
                yw[i] += weights[k] * y[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] += sigma * yw[i];
        }
        double[] invSqrtCyw = invSqrtC(yw);
        double a = Math.sqrt(cSigma * (2 - cSigma) * muEff);
        double normPs = 0;
        for (int i = 0; i < n; i++) {
            pSigma[i] = (1 - cSigma) * pSigma[i] + a * invSqrtCyw[i];
            normPs += pSigma[i] * pSigma[i];
        }
        normPs = Math.sqrt(normPs);
        generation++;
        boolean hSigma = normPs / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * generation)) / chiN < 1.4 + 2.0 / (n + 1);
        double b = Math.sqrt(cc * (2 - cc) * muEff);
        for (int i = 0; i < n; i++) {
            pc[i] = (1 - cc) * pc[i] + (hSigma ? b * yw[i] : 0);
        }
        double keep = 1 - c1 - cMu + (hSigma ? 0 : c1 * cc * (2 - cc));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double rankMu = 0;
                for (int k = 0; k < mu; k++) {
                    rankMu += weights[k] * ys[k][i] * ys[k][j];
                }
                double v = keep * cov[i][j] + c1 * pc[i] * pc[j] + cMu * rankMu;
                cov[i][j] = v;
                cov[j][i] = v;
            }
        }
        sigma *= Math.exp((cSigma / dSigma) * (normPs / chiN - 1));
        // the cube has width 1: larger steps only sample the mirror images; tiny ones have converged
        sigma = Math.max(1e-12, Math.min(2.0, sigma));
        decompose();
    }

    /** Scales y down so that its Mahalanobis norm stays within 3 chi_N (stale or replayed points). */
    private void capStep(double[] y) {
        double[] w = invSqrtC(y);
        double norm = 0;
        for (double v : w) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double limit = 3 * chiN;
        if (norm > limit) {
            for (int i = 0; i < n; i++) {
                y[i] *= limit / norm;
            }
        }
    }

    /** C^(-1/2) v = B diag(1/scale) B^T v. */
    private double[] invSqrtC(double[] v) {
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += basis[i][j] * v[i];
            }
            t[j] = s / scales[j];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += basis[i][j] * t[j];
            }
            out[i] = s;
        }
        return out;
    }

    private void decompose() {
        SymmetricEigen.Result r = SymmetricEigen.decompose(cov);
        double max = 0;
        for (double v : r.values()) {
            max = Math.max(max, v);
        }
        if (!(max > 0) || !Double.isFinite(max)) {
            resetCovariance();
            return;
        }
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            // keep the condition number below 1e14 so that sampling and C^(-1/2) stay finite
            s[i] = Math.sqrt(Math.max(r.values()[i], max * 1e-14));
        }
        basis = r.vectors();
        scales = s;
    }

    private void resetCovariance() {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cov[i][j] = i == j ? 1 : 0;
            }
        }
        basis = identity(n);
        Arrays.fill(scales, 1.0);
        Arrays.fill(pc, 0);
        Arrays.fill(pSigma, 0);
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }
}
