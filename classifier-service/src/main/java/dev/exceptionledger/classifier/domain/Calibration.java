package dev.exceptionledger.classifier.domain;

import java.util.Arrays;
import java.util.List;

/**
 * What held-out in-scope data taught the model about itself: the softmax temperature that makes confidence honest,
 * how each novelty component is spread (to standardise them), and the novelty threshold that flags the operator's
 * share of routine traffic (split-conformal: the ⌈(n+1)(1−α)⌉-th smallest held-out score).
 *
 * @param heldOut               held-out in-scope examples used
 * @param temperature           divides the head's logits before the softmax (fitted by minimum negative log-likelihood
 *                              of the intent probabilities, the head blended with the nearest examples' vote)
 * @param componentMean         per novelty component, its mean on held-out in-scope data
 * @param componentStd          per novelty component, its standard deviation there
 * @param heldOutScores         the held-out combined novelty scores, sorted: a new score's rank among them is its novelty
 * @param flagRate              the share of routine in-scope traffic the operator accepts to send to humans
 * @param threshold             a combined novelty score above this is novel
 * @param expectedFlagRate      the share of held-out in-scope scores above the threshold
 * @param eceBefore             expected calibration error (15 bins) of the intent probabilities at temperature 1 on the
 *                              held-out data
 * @param eceAfter              the same after temperature scaling
 * @param heldOutAccuracy       top-1 accuracy on the held-out data
 */
public record Calibration(int heldOut, double temperature, double[] componentMean, double[] componentStd,
                          double[] heldOutScores, double flagRate, double threshold, double expectedFlagRate,
                          double eceBefore, double eceAfter, double heldOutAccuracy) {

    static final int ECE_BINS = 15;

    /** @param labels the held-out examples' true intents (all in scope) */
    static Calibration fit(List<IntentModel.Raw> raws, int[] labels, double flagRate) {
        if (raws.isEmpty() || flagRate <= 0 || flagRate >= 1) {
            throw new IllegalArgumentException("calibration needs held-out examples and 0 < flag rate < 1");
        }
        double temperature = fitTemperature(raws, labels);
        int components = raws.get(0).components().length;
        double[] mean = new double[components];
        double[] std = new double[components];
        for (int c = 0; c < components; c++) {
            final int k = c;
            double[] values = raws.stream().mapToDouble(r -> r.components()[k]).toArray();
            mean[c] = Arrays.stream(values).average().orElse(0);
            std[c] = Math.sqrt(Arrays.stream(values).map(v -> (v - mean[k]) * (v - mean[k])).average().orElse(0));
            std[c] = std[c] > 1e-9 ? std[c] : 1;
        }
        double[] scores = raws.stream().mapToDouble(r -> combined(r.components(), mean, std)).sorted().toArray();
        double threshold = conformalThreshold(scores, flagRate);
        long above = Arrays.stream(scores).filter(s -> s > threshold).count();
        double[] rawConfidence = new double[raws.size()];
        double[] calibrated = new double[raws.size()];
        boolean[] correct = new boolean[raws.size()];
        for (int i = 0; i < raws.size(); i++) {
            double[] calibratedProbabilities = raws.get(i).probabilities(temperature);
            int best = argmax(calibratedProbabilities);
            correct[i] = best == labels[i];
            rawConfidence[i] = raws.get(i).probabilities(1)[best];
            calibrated[i] = calibratedProbabilities[best];
        }
        long right = 0;
        for (boolean c : correct) {
            right += c ? 1 : 0;
        }
        return new Calibration(raws.size(), temperature, mean, std, scores, flagRate, threshold,
                (double) above / scores.length, ece(rawConfidence, correct), ece(calibrated, correct),
                (double) right / raws.size());
    }

    /** The mean of the standardised components: each counts equally whatever its scale. */
    static double combined(double[] components, double[] mean, double[] std) {
        double sum = 0;
        for (int c = 0; c < components.length; c++) {
            sum += (components[c] - mean[c]) / std[c];
        }
        return sum / components.length;
    }

    double combined(double[] components) {
        return combined(components, componentMean, componentStd);
    }

    /** The share of held-out in-scope scores below this one: 0.97 = more unusual than 97% of routine traffic. */
    double novelty(double score) {
        int index = Arrays.binarySearch(heldOutScores, score);
        int below = index >= 0 ? index : -index - 1;
        return (double) below / heldOutScores.length;
    }

    /**
     * With n exchangeable held-out in-scope scores, flagging above the ⌈(n+1)(1−α)⌉-th smallest flags a new in-scope
     * example with probability at most α (and at least α − 1/(n+1)).
     */
    static double conformalThreshold(double[] sortedScores, double flagRate) {
        int n = sortedScores.length;
        int rank = (int) Math.ceil((n + 1) * (1 - flagRate));
        return rank > n ? Double.POSITIVE_INFINITY : sortedScores[rank - 1];
    }

    /** Expected calibration error: the confidence-weighted gap between confidence and accuracy over equal-width bins. */
    public static double ece(double[] confidence, boolean[] correct) {
        double[] sumConfidence = new double[ECE_BINS];
        double[] sumCorrect = new double[ECE_BINS];
        int[] count = new int[ECE_BINS];
        for (int i = 0; i < confidence.length; i++) {
            int bin = Math.min(ECE_BINS - 1, (int) (confidence[i] * ECE_BINS));
            sumConfidence[bin] += confidence[i];
            sumCorrect[bin] += correct[i] ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (count[b] > 0) {
                ece += Math.abs(sumConfidence[b] - sumCorrect[b]) / confidence.length;
            }
        }
        return ece;
    }

    private static double fitTemperature(List<IntentModel.Raw> raws, int[] labels) {
        double best = 1;
        double bestLoss = Double.MAX_VALUE;
        for (double t = 0.05; t <= 5.0001; t *= 1.05) {
            double loss = 0;
            for (int i = 0; i < raws.size(); i++) {
                loss -= Math.log(Math.max(1e-12, raws.get(i).probabilities(t)[labels[i]]));
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = t;
            }
        }
        return best;
    }

    static double[] softmax(double[] logits, double temperature) {
        double max = Arrays.stream(logits).max().orElse(0);
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
