package dev.exceptionledger.classifier.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scorer's expanded forms against the textbook computations they replace. */
class DistanceScorerTest {

    private static final int DIM = 7;
    private static final int CLASSES = 3;

    private final Random random = new Random(7);
    private final List<float[]> train = new ArrayList<>();
    private final int[] labels = new int[40];

    DistanceScorerTest() {
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % CLASSES;
            float[] x = new float[DIM];
            for (int j = 0; j < DIM; j++) {
                x[j] = (float) (random.nextGaussian() + (j == labels[i] ? 2 : 0));
            }
            train.add(IntentModel.unit(x));
        }
    }

    @Test
    void relativeMahalanobisIsTheClosestClassDistanceMinusTheBackgroundOne() {
        DistanceScorer scorer = new DistanceScorer(train, labels, CLASSES, 5);
        for (int q = 0; q < 20; q++) {
            float[] x = IntentModel.unit(gaussian());
            double expected = textbookRelativeMahalanobis(x);
            assertEquals(expected, scorer.relativeMahalanobis(x), 1e-9 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void neighboursAreTheMostSimilarTrainingVectorsInOrder() {
        DistanceScorer scorer = new DistanceScorer(train, labels, CLASSES, 5);
        float[] x = IntentModel.unit(gaussian());
        int[] expected = IntStream.range(0, train.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -cosine(x, train.get(i))))
                .limit(5).mapToInt(Integer::intValue).toArray();
        DistanceScorer.Neighbours neighbours = scorer.neighbours(x);
        assertArrayEquals(expected, neighbours.index());
        assertEquals(1 - cosine(x, train.get(expected[4])), neighbours.kthDistance(), 1e-9);
    }

    /** (x−μ)ᵀΣ⁻¹(x−μ) by solving Σ·y = x−μ, with the scorer's shrunk covariances built the obvious way. */
    private double textbookRelativeMahalanobis(float[] x) {
        int n = train.size();
        double[][] means = new double[CLASSES][DIM];
        int[] counts = new int[CLASSES];
        double[] global = new double[DIM];
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < DIM; j++) {
                means[labels[i]][j] += train.get(i)[j];
                global[j] += train.get(i)[j] / (double) n;
            }
        }
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < DIM; j++) {
                means[c][j] /= counts[c];
            }
        }
        double[][] within = new double[DIM][DIM];
        double[][] background = new double[DIM][DIM];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < DIM; a++) {
                for (int b = 0; b < DIM; b++) {
                    float[] v = train.get(i);
                    within[a][b] += (v[a] - means[labels[i]][a]) * (v[b] - means[labels[i]][b]) / (double) n;
                    background[a][b] += (v[a] - global[a]) * (v[b] - global[b]) / (double) n;
                }
            }
        }
        double shrink = (double) DIM / (DIM + n);
        double best = Double.MAX_VALUE;
        for (double[] mean : means) {
            best = Math.min(best, squaredDistance(shrunk(within, shrink), x, mean));
        }
        return best - squaredDistance(shrunk(background, shrink), x, global);
    }

    private static double[][] shrunk(double[][] cov, double shrink) {
        double trace = IntStream.range(0, DIM).mapToDouble(i -> cov[i][i]).sum();
        double[][] out = new double[DIM][DIM];
        for (int a = 0; a < DIM; a++) {
            for (int b = 0; b < DIM; b++) {
                out[a][b] = (1 - shrink) * cov[a][b] + (a == b ? shrink * trace / DIM : 0);
            }
        }
        return out;
    }

    /** Gaussian elimination with partial pivoting on [Σ | x−μ], then (x−μ)·y. */
    private static double squaredDistance(double[][] cov, float[] x, double[] mean) {
        double[][] m = new double[DIM][DIM + 1];
        double[] diff = new double[DIM];
        for (int a = 0; a < DIM; a++) {
            System.arraycopy(cov[a], 0, m[a], 0, DIM);
            diff[a] = x[a] - mean[a];
            m[a][DIM] = diff[a];
        }
        for (int col = 0; col < DIM; col++) {
            int pivot = col;
            for (int r = col + 1; r < DIM; r++) {
                pivot = Math.abs(m[r][col]) > Math.abs(m[pivot][col]) ? r : pivot;
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = 0; r < DIM; r++) {
                if (r != col) {
                    double factor = m[r][col] / m[col][col];
                    for (int c = col; c <= DIM; c++) {
                        m[r][c] -= factor * m[col][c];
                    }
                }
            }
        }
        double sum = 0;
        for (int a = 0; a < DIM; a++) {
            sum += diff[a] * m[a][DIM] / m[a][a];
        }
        return sum;
    }

    private float[] gaussian() {
        float[] x = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            x[j] = (float) random.nextGaussian();
        }
        return x;
    }

    private static double cosine(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }
}
