package dev.exceptionledger.classifier.domain;

import java.util.List;

/**
 * The distance-based novelty components, fitted on the training vectors: relative Mahalanobis distance to the
 * closest class mean (shared, shrunk covariance, minus the distance under one background Gaussian, Ren et al. 2021)
 * and 1 − the cosine similarity of the k-th nearest training example.
 */
final class DistanceScorer {

    private final int dim;
    private final int knnK;
    private final float[][] train;
    /** class means and the global mean, whitened by the class covariance's and the background covariance's factor */
    private final double[][] whitenedMeans;
    private final double[] whitenedGlobalMean;
    private final double[] classFactor;
    private final double[] backgroundFactor;

    DistanceScorer(List<float[]> xs, int[] labels, int classes, int knnK) {
        int n = xs.size();
        this.dim = xs.get(0).length;
        this.knnK = Math.min(knnK, n);
        this.train = xs.toArray(new float[0][]);
        double[][] means = new double[classes][dim];
        int[] counts = new int[classes];
        double[] global = new double[dim];
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < dim; j++) {
                means[labels[i]][j] += xs.get(i)[j];
                global[j] += xs.get(i)[j];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < dim; j++) {
                means[c][j] /= Math.max(1, counts[c]);
            }
        }
        for (int j = 0; j < dim; j++) {
            global[j] /= n;
        }
        double[] within = new double[dim * dim];
        double[] background = new double[dim * dim];
        double[] d = new double[dim];
        double[] g = new double[dim];
        for (int i = 0; i < n; i++) {
            float[] x = xs.get(i);
            for (int j = 0; j < dim; j++) {
                d[j] = x[j] - means[labels[i]][j];
                g[j] = x[j] - global[j];
            }
            for (int a = 0; a < dim; a++) {
                int row = a * dim;
                for (int b = 0; b <= a; b++) {
                    within[row + b] += d[a] * d[b];
                    background[row + b] += g[a] * g[b];
                }
            }
        }
        // shrinkage toward a scaled identity: strong for a taxonomy's ~200 examples in 384 dimensions, slight for 15k
        double shrink = (double) dim / (dim + n);
        this.classFactor = cholesky(shrunk(within, n, shrink));
        this.backgroundFactor = cholesky(shrunk(background, n, shrink));
        this.whitenedMeans = new double[classes][];
        for (int c = 0; c < classes; c++) {
            whitenedMeans[c] = solveLower(classFactor, means[c]);
        }
        this.whitenedGlobalMean = solveLower(backgroundFactor, global);
    }

    /** min over classes of the Mahalanobis distance² minus the background one: high for unlike-anything-known. */
    double relativeMahalanobis(float[] x) {
        double[] point = new double[dim];
        for (int j = 0; j < dim; j++) {
            point[j] = x[j];
        }
        double[] w = solveLower(classFactor, point);
        double best = Double.MAX_VALUE;
        for (double[] mean : whitenedMeans) {
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                double diff = w[j] - mean[j];
                sum += diff * diff;
            }
            best = Math.min(best, sum);
        }
        double[] wb = solveLower(backgroundFactor, point);
        double background = 0;
        for (int j = 0; j < dim; j++) {
            double diff = wb[j] - whitenedGlobalMean[j];
            background += diff * diff;
        }
        return best - background;
    }

    /** 1 − cosine similarity of the k-th most similar training vector (all vectors are unit length). */
    double knnDistance(float[] x) {
        double[] top = new double[knnK];
        java.util.Arrays.fill(top, -2);
        for (float[] t : train) {
            double sim = 0;
            for (int j = 0; j < dim; j++) {
                sim += x[j] * t[j];
            }
            if (sim > top[knnK - 1]) {
                int pos = knnK - 1;
                while (pos > 0 && top[pos - 1] < sim) {
                    top[pos] = top[pos - 1];
                    pos--;
                }
                top[pos] = sim;
            }
        }
        return 1 - top[knnK - 1];
    }

    private double[] shrunk(double[] scatter, int n, double shrink) {
        double trace = 0;
        for (int a = 0; a < dim; a++) {
            trace += scatter[a * dim + a] / n;
        }
        double[] cov = new double[dim * dim];
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b <= a; b++) {
                double value = (1 - shrink) * scatter[a * dim + b] / n + (a == b ? shrink * trace / dim : 0);
                cov[a * dim + b] = value;
                cov[b * dim + a] = value;
            }
        }
        return cov;
    }

    /** Lower-triangular L with L·Lᵀ = the (positive definite) matrix. */
    private double[] cholesky(double[] a) {
        double[] l = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * dim + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * dim + k] * l[j * dim + k];
                }
                if (i == j) {
                    l[i * dim + i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i * dim + j] = sum / l[j * dim + j];
                }
            }
        }
        return l;
    }

    /** L⁻¹·b by forward substitution: whitening, so distances become Euclidean. */
    private double[] solveLower(double[] l, double[] b) {
        double[] y = new double[dim];
        for (int i = 0; i < dim; i++) {
            double sum = b[i];
            int row = i * dim;
            for (int k = 0; k < i; k++) {
                sum -= l[row + k] * y[k];
            }
            y[i] = sum / l[row + i];
        }
        return y;
    }
}
