package io.spectratrack.tracking;

/**
 * Fisher's linear discriminant between two classes of spectra, with a ridge, for
 * {@link SpectralSignature}: the class moments, the fitted direction, the separation a direction
 * achieves on (other) moments, and the small SPD solve it needs. Pure arithmetic, no frames.
 */
final class FisherDiscriminant {
    private FisherDiscriminant() {}

    /** Ridge added to the pooled covariance, relative to its mean variance (few target pixels, 25 bands). */
    static final double RIDGE = 0.05;

    /**
     * Direction {@code (S + r I)^-1 (mean_t - mean_b)} ({@code S} the pooled covariance, {@code r}
     * the {@link #RIDGE}), scaled so the projection's pooled standard deviation (ridge included,
     * so a near-singular covariance cannot inflate the weights) is 1; null if degenerate.
     */
    static double[] fit(Moments target, Moments background) {
        int b = target.sum.length;
        double[][] pooled = pooled(target, background);
        double ridge = ridge(pooled);
        double[][] reg = new double[b][];
        for (int i = 0; i < b; i++) {
            reg[i] = pooled[i].clone();
            reg[i][i] += ridge;
        }
        double[] mt = target.mean(), mb = background.mean(), diff = new double[b];
        for (int i = 0; i < b; i++) diff[i] = mt[i] - mb[i];
        double[] w = Cholesky.solve(reg, diff);
        double var = 0;
        for (int i = 0; i < b; i++) for (int j = 0; j < b; j++) var += w[i] * reg[i][j] * w[j];
        double sd = Math.sqrt(var);
        if (!(sd > 0) || !Double.isFinite(sd)) return null;
        for (int i = 0; i < b; i++) w[i] /= sd;
        return w;
    }

    /**
     * Distance of the two classes' mean projections in pooled standard deviations of the
     * projection, ridge included as in {@link #fit} (classes without spread stay finite).
     */
    static double separation(double[] w, Moments target, Moments background) {
        int b = w.length;
        double[][] pooled = pooled(target, background);
        double ridge = ridge(pooled);
        double[] mt = target.mean(), mb = background.mean();
        double d = 0, var = 0;
        for (int i = 0; i < b; i++) {
            d += w[i] * (mt[i] - mb[i]);
            for (int j = 0; j < b; j++) var += w[i] * (pooled[i][j] + (i == j ? ridge : 0)) * w[j];
        }
        return d / Math.sqrt(var);
    }

    /** {@link #RIDGE} times the mean variance (plus a floor, so classes without spread stay solvable). */
    private static double ridge(double[][] pooled) {
        double trace = 0;
        for (int i = 0; i < pooled.length; i++) trace += pooled[i][i];
        return RIDGE * trace / pooled.length + 1e-12;
    }

    private static double[][] pooled(Moments target, Moments background) {
        double[][] ct = target.covariance(), cb = background.covariance();
        int b = ct.length;
        double[][] p = new double[b][b];
        for (int i = 0; i < b; i++) for (int j = 0; j < b; j++) p[i][j] = (ct[i][j] + cb[i][j]) / 2;
        return p;
    }

    /** Running sums for a class mean and covariance. */
    static final class Moments {
        final double[] sum;
        final double[][] sq;
        int n;

        Moments(int b) {
            sum = new double[b];
            sq = new double[b][b];
        }

        void add(double[] x) {
            n++;
            for (int i = 0; i < x.length; i++) {
                sum[i] += x[i];
                for (int j = 0; j <= i; j++) sq[i][j] += x[i] * x[j];
            }
        }

        Moments plus(Moments o) {
            Moments m = new Moments(sum.length);
            m.n = n + o.n;
            for (int i = 0; i < sum.length; i++) {
                m.sum[i] = sum[i] + o.sum[i];
                for (int j = 0; j <= i; j++) m.sq[i][j] = sq[i][j] + o.sq[i][j];
            }
            return m;
        }

        double[] mean() {
            double[] m = sum.clone();
            for (int i = 0; i < m.length; i++) m[i] /= n;
            return m;
        }

        double[][] covariance() {
            double[] m = mean();
            double[][] c = new double[m.length][m.length];
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j <= i; j++) {
                    c[i][j] = c[j][i] = sq[i][j] / n - m[i] * m[j];
                }
            }
            return c;
        }
    }

    /** Solves a symmetric positive-definite system (the ridge keeps the pooled covariance so). */
    static final class Cholesky {
        private Cholesky() {}

        static double[] solve(double[][] a, double[] rhs) {
            int n = rhs.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                    if (i == j) {
                        if (!(s > 0)) throw new IllegalArgumentException("matrix is not positive definite");
                        l[i][i] = Math.sqrt(s);
                    } else {
                        l[i][j] = s / l[j][j];
                    }
                }
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = rhs[i];
                for (int k = 0; k < i; k++) s -= l[i][k] * y[k];
                y[i] = s / l[i][i];
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
