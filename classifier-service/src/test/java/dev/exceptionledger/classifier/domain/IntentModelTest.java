package dev.exceptionledger.classifier.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The intent decision: the head's softmax blended with the nearest examples' vote. */
class IntentModelTest {

    private static float[] at(double angle) {
        return IntentModel.unit(new float[] {(float) Math.cos(angle), (float) Math.sin(angle)});
    }

    @Test
    void theProbabilitiesAreTheHeadsSoftmaxAtTheTemperatureBlendedWithTheVote() {
        IntentModel.Raw raw = new IntentModel.Raw(new double[] {2, 0}, new double[] {0, 1}, new double[3], null);

        double[] p = raw.probabilities(2);

        double head = Math.exp(1) / (Math.exp(1) + 1);
        assertThat(p[0], closeTo(IntentModel.HEAD_WEIGHT * head, 1e-12));
        assertThat(p[1], closeTo(IntentModel.HEAD_WEIGHT * (1 - head) + (1 - IntentModel.HEAD_WEIGHT), 1e-12));
        assertThat(p[0] + p[1], closeTo(1, 1e-12));
    }

    @Test
    void theNearestExampleOutvotesFartherOnesOfAnotherIntent() {
        // intent 0 around angle 0, intent 1 a single example at 0.5; the query sits on intent 1's example
        List<float[]> vectors = List.of(at(0), at(0.05), at(-0.05), at(0.1), at(0.5));
        int[] labels = {0, 0, 0, 0, 1};
        IntentModel.Fitted fitted = new IntentModel.Fitted(vectors, labels, 2,
                new IntentModel.Settings(0.05, 20, 0, 5, 1));

        IntentModel.Raw raw = fitted.raw(at(0.5));

        assertThat(raw.neighbourVote()[1], greaterThan(0.95));
        assertThat(raw.neighbourVote()[0] + raw.neighbourVote()[1], closeTo(1, 1e-12));
        // and a query among intent 0's examples is theirs
        assertThat(fitted.raw(at(0.02)).neighbourVote()[1], lessThan(0.01));
        assertEquals(5, raw.neighbours().index().length);
    }
}
