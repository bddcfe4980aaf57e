package dev.exceptionledger.classifier.domain;

import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression on sentence embeddings: the trained head that turns a vector into per-intent
 * logits. Trained by mini-batch Adam with L2 weight decay; deterministic for a given seed.
 */
final class LinearHead {

    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    /** small sets (a taxonomy's dozen examples per intent) still get enough steps to converge */
    private static final int MIN_STEPS = 600;

    private final int classes;
    private final int dim;
    private final double[] weights;
    private final double[] bias;

    private LinearHead(int classes, int dim) {
        this.classes = classes;
        this.dim = dim;
        this.weights = new double[classes * dim];
        this.bias = new double[classes];
    }

    int classes() {
        return classes;
    }

    double[] logits(float[] x) {
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            double sum = bias[c];
            int row = c * dim;
            for (int j = 0; j < dim; j++) {
                sum += weights[row + j] * x[j];
            }
            out[c] = sum;
        }
        return out;
    }

    static LinearHead train(List<float[]> xs, int[] labels, int classes, int epochs, double l2, long seed) {
        int n = xs.size();
        int dim = xs.get(0).length;
        LinearHead head = new LinearHead(classes, dim);
        int params = classes * dim + classes;
        double[] m = new double[params];
        double[] v = new double[params];
        double[] grad = new double[params];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        int stepsPerEpoch = (n + BATCH - 1) / BATCH;
        int steps = Math.max(epochs * stepsPerEpoch, MIN_STEPS);
        int t = 0;
        while (t < steps) {
            shuffle(order, random);
            for (int start = 0; start < n && t < steps; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                java.util.Arrays.fill(grad, 0);
                for (int b = start; b < end; b++) {
                    float[] x = xs.get(order[b]);
                    double[] p = Calibration.softmax(head.logits(x), 1);
                    p[labels[order[b]]] -= 1;
                    for (int c = 0; c < classes; c++) {
                        double g = p[c] / (end - start);
                        if (Math.abs(g) < 1e-7) {
                            continue; // a class the example is confidently not in: its gradient is negligible
                        }
                        int row = c * dim;
                        for (int j = 0; j < dim; j++) {
                            grad[row + j] += g * x[j];
                        }
                        grad[classes * dim + c] += g;
                    }
                }
                t++;
                double correction1 = 1 - Math.pow(BETA1, t);
                double correction2 = 1 - Math.pow(BETA2, t);
                for (int k = 0; k < params; k++) {
                    boolean isWeight = k < classes * dim;
                    double value = isWeight ? head.weights[k] : head.bias[k - classes * dim];
                    double g = grad[k] + (isWeight ? l2 * value : 0);
                    m[k] = BETA1 * m[k] + (1 - BETA1) * g;
                    v[k] = BETA2 * v[k] + (1 - BETA2) * g * g;
                    double step = LEARNING_RATE * (m[k] / correction1) / (Math.sqrt(v[k] / correction2) + 1e-8);
                    if (isWeight) {
                        head.weights[k] -= step;
                    } else {
                        head.bias[k - classes * dim] -= step;
                    }
                }
            }
        }
        return head;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
