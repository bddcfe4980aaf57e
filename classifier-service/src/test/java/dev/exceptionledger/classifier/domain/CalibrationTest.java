package dev.exceptionledger.classifier.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Synthetic clusters on the unit sphere stand in for sentence embeddings: the calibration's guarantees, fast. */
class CalibrationTest {

    private static final int DIM = 24;
    private static final int CLASSES = 8;

    private record Data(List<float[]> vectors, int[] labels) { }

    private static float[][] centres(Random random) {
        float[][] centres = new float[CLASSES][DIM];
        for (float[] c : centres) {
            for (int j = 0; j < DIM; j++) {
                c[j] = (float) random.nextGaussian();
            }
        }
        return centres;
    }

    private static Data sample(float[][] centres, int perClass, double noise, Random random) {
        List<float[]> vectors = new ArrayList<>();
        int[] labels = new int[CLASSES * perClass];
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < perClass; i++) {
                float[] v = new float[DIM];
                for (int j = 0; j < DIM; j++) {
                    v[j] = (float) (centres[c][j] + noise * random.nextGaussian());
                }
                labels[vectors.size()] = c;
                vectors.add(IntentModel.unit(v));
            }
        }
        return new Data(vectors, labels);
    }

    private static double flaggedShare(IntentModel model, List<float[]> vectors) {
        return vectors.stream().filter(v -> model.score(v).novel()).count() / (double) vectors.size();
    }

    @Test
    void theRealisedFlagRateOnAHeldOutSplitMatchesTheTargetWithinOnePointFive() {
        Random random = new Random(7);
        float[][] centres = centres(random);
        Data train = sample(centres, 100, 0.8, random);
        Data calibrate = sample(centres, 150, 0.8, random);
        Data test = sample(centres, 250, 0.8, random);

        for (double target : new double[] {0.05, 0.10}) {
            IntentModel model = IntentModel.trainAndCalibrate(train.vectors(), train.labels(), CLASSES,
                    calibrate.vectors(), calibrate.labels(), new IntentModel.Settings(target, 10, 1e-4, 5, 1));

            // 2,000 fresh in-scope vectors: the binomial standard deviation at 5% is 0.5 point
            assertThat(flaggedShare(model, test.vectors()), closeTo(target, 0.015));
            assertThat(model.calibration().expectedFlagRate(), closeTo(target, 0.005));
        }
    }

    @Test
    void farAwayVectorsAreFlaggedAndRankAboveEveryKnownOne() {
        Random random = new Random(11);
        float[][] centres = centres(random);
        Data train = sample(centres, 60, 0.6, random);
        Data calibrate = sample(centres, 60, 0.6, random);
        float[][] elsewhere = centres(new Random(99));
        Data unknown = sample(elsewhere, 20, 0.6, random);

        IntentModel model = IntentModel.trainAndCalibrate(train.vectors(), train.labels(), CLASSES,
                calibrate.vectors(), calibrate.labels(), IntentModel.Settings.defaults(0.05));

        assertThat(flaggedShare(model, unknown.vectors()), greaterThan(0.9));
        assertThat(model.score(unknown.vectors().get(0)).novelty(), greaterThan(0.95));
    }

    @Test
    void temperatureScalingLowersTheCalibrationErrorOfAnOverconfidentHead() {
        Random random = new Random(3);
        float[][] centres = centres(random);
        // overlapping clusters and a small training set: the trained head is overconfident
        Data train = sample(centres, 6, 2.0, random);
        Data calibrate = sample(centres, 200, 2.0, random);

        IntentModel model = IntentModel.trainAndCalibrate(train.vectors(), train.labels(), CLASSES,
                calibrate.vectors(), calibrate.labels(), new IntentModel.Settings(0.05, 2000, 0, 5, 1));

        Calibration c = model.calibration();
        assertThat(c.eceAfter(), lessThan(c.eceBefore()));
        assertThat(c.eceAfter(), lessThan(0.06));
        assertThat(c.temperature(), greaterThan(1.0));
    }

    @Test
    void theConformalThresholdIsTheCeilOfNPlusOneTimesOneMinusAlphaSmallestScore() {
        double[] scores = new double[99];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i;
        }

        assertEquals(94.0, Calibration.conformalThreshold(scores, 0.05));
        assertEquals(Double.POSITIVE_INFINITY, Calibration.conformalThreshold(new double[] {1, 2, 3}, 0.05));
    }

    @Test
    void expectedCalibrationErrorIsTheWeightedGapBetweenConfidenceAndAccuracy() {
        double[] confidence = {0.9, 0.9, 0.9, 0.9, 0.6, 0.6};
        boolean[] correct = {true, true, true, false, true, false};

        // bin 0.9: 4 rows at 0.9, accuracy 0.75 → 4/6 · 0.15; bin 0.6: 2 rows, accuracy 0.5 → 2/6 · 0.1
        assertThat(Calibration.ece(confidence, correct), closeTo(4.0 / 6 * 0.15 + 2.0 / 6 * 0.1, 1e-9));
    }
}
