package dev.exceptionledger.classifier.domain;

import java.util.List;

/**
 * The distance-based novelty components, fitted on the training vectors: relative Mahalanobis distance to the
 * closest class mean (shared, shrunk covariance, minus the distance under one background Gaussian, Ren et al. 2021)
 * and 1 − the cosine similarity of the k-th nearest training example.
 */
final class DistanceScorer {

    /**
     * The k training vectors most similar to a query, most similar first (ties: the earlier vector first), and the
     * query's similarity to every training vector, in their order ({@code all}).
     */
    record Neighbours(int[] index, double[] similarity, double[] all) {

        /** 1 − the cosine similarity of the k-th nearest: the k-NN novelty component. */
        double kthDistance() {
            return 1 - similarity[similarity.length - 1];
        }
    }

    private final int dim;
    private final int knnK;
    private final float[][] train;
    /**
     * The relative Mahalanobis distance d_c(x) − d_b(x) expanded into one quadratic form and linear terms, so a query
     * costs one pass over a triangle instead of two triangular solves (each a chain of dependent dot products):
     * (x−μ_c)ᵀP(x−μ_c) − (x−μ)ᵀB(x−μ) = xᵀ(P−B)x − 2(Pμ_c)·x + μ_cᵀPμ_c + 2(Bμ)·x − μᵀBμ, with P and B the inverse
     * class and background covariances. P − B is kept whole, and read by its lower triangle (it is symmetric).
     */
    private final double[] quadratic;
    /** P·μ_c per class, and μ_cᵀPμ_c */
    private final double[][] classLinear;
    private final double[] classConstant;
    /** B·μ of the global mean, and μᵀBμ */
    private final double[] backgroundLinear;
    private final double backgroundConstant;

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
        double[] classPrecision = inverse(shrunk(within, n, shrink));
        double[] backgroundPrecision = inverse(shrunk(background, n, shrink));
        this.quadratic = new double[dim * dim];
        for (int i = 0; i < dim * dim; i++) {
            quadratic[i] = classPrecision[i] - backgroundPrecision[i];
        }
        this.classLinear = new double[classes][];
        this.classConstant = new double[classes];
        for (int c = 0; c < classes; c++) {
            classLinear[c] = times(classPrecision, means[c]);
            classConstant[c] = dot(classLinear[c], means[c]);
        }
        this.backgroundLinear = times(backgroundPrecision, global);
        this.backgroundConstant = dot(backgroundLinear, global);
    }

    /** min over classes of the Mahalanobis distance² minus the background one: high for unlike-anything-known. */
    double relativeMahalanobis(float[] x) {
        double form = 0;
        for (int i = 0; i < dim; i++) {
            int row = i * dim;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = 0;
            for (; j + 3 < i; j += 4) {
                s0 += quadratic[row + j] * x[j];
                s1 += quadratic[row + j + 1] * x[j + 1];
                s2 += quadratic[row + j + 2] * x[j + 2];
                s3 += quadratic[row + j + 3] * x[j + 3];
            }
            for (; j < i; j++) {
                s0 += quadratic[row + j] * x[j];
            }
            form += x[i] * (2 * (s0 + s1 + s2 + s3) + quadratic[row + i] * x[i]);
        }
        double best = Double.MAX_VALUE;
        for (int c = 0; c < classLinear.length; c++) {
            best = Math.min(best, classConstant[c] - 2 * dot(classLinear[c], x));
        }
        return form + best + 2 * dot(backgroundLinear, x) - backgroundConstant;
    }

    /** The k nearest training vectors by cosine similarity (all vectors are unit length). */
    Neighbours neighbours(float[] x) {
        return nearest(similarities(train, x), knnK);
    }

    /** The dot product of {@code x} with each of {@code vectors}, in their order. */
    static double[] similarities(float[][] vectors, float[] x) {
        double[] similarities = new double[vectors.length];
        for (int t = 0; t < vectors.length; t++) {
            similarities[t] = similarity(vectors[t], x);
        }
        return similarities;
    }

    /** The cosine similarity of two unit-length vectors (their dot product). */
    static double similarity(float[] a, float[] b) {
        return dot(a, b);
    }

    /** The {@code k} (at most all) largest of {@code similarities}, largest first (ties: the earlier first). */
    static Neighbours nearest(double[] similarities, int k) {
        k = Math.min(k, similarities.length);
        int[] index = new int[k];
        double[] top = new double[k];
        java.util.Arrays.fill(top, -2);
        for (int t = 0; t < similarities.length; t++) {
            double sim = similarities[t];
            if (sim > top[k - 1]) {
                int pos = k - 1;
                while (pos > 0 && top[pos - 1] < sim) {
                    top[pos] = top[pos - 1];
                    index[pos] = index[pos - 1];
                    pos--;
                }
                top[pos] = sim;
                index[pos] = t;
            }
        }
        return new Neighbours(index, top, similarities);
    }

    /** Four running sums: independent additions the CPU overlaps, where one sum waits on each add. */
    private static double dot(float[] a, float[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < a.length; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < a.length; j++) {
            s0 += a[j] * b[j];
        }
        return s0 + s1 + s2 + s3;
    }

    private static double dot(double[] a, float[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < a.length; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < a.length; j++) {
            s0 += a[j] * b[j];
        }
        return s0 + s1 + s2 + s3;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    private double[] times(double[] matrix, double[] vector) {
        double[] out = new double[dim];
        for (int i = 0; i < dim; i++) {
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                sum += matrix[i * dim + j] * vector[j];
            }
            out[i] = sum;
        }
        return out;
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

    /** The inverse of a positive definite matrix: (L·Lᵀ)⁻¹ = L⁻ᵀ·L⁻¹ from its Cholesky factor. */
    private double[] inverse(double[] matrix) {
        double[] l = cholesky(matrix);
        // W = L⁻¹, lower triangular, column by column: L·w = e_j by forward substitution
        double[] w = new double[dim * dim];
        for (int j = 0; j < dim; j++) {
            for (int i = j; i < dim; i++) {
                double sum = i == j ? 1 : 0;
                for (int k = j; k < i; k++) {
                    sum -= l[i * dim + k] * w[k * dim + j];
                }
                w[i * dim + j] = sum / l[i * dim + i];
            }
        }
        // (Wᵀ·W)[a][b] = Σ_k W[k][a]·W[k][b], W[k][·] zero left of the diagonal
        double[] inverse = new double[dim * dim];
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = 0;
                for (int k = a; k < dim; k++) {
                    sum += w[k * dim + a] * w[k * dim + b];
                }
                inverse[a * dim + b] = sum;
                inverse[b * dim + a] = sum;
            }
        }
        return inverse;
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
}
