package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutcomeSubmissionTest {

    @Test
    void acceptsEachOutcomeInAnyCase() {
        assertThat(new OutcomeSubmission("i", null, "won", 10.0, "EUR", null, null).validate(), is("WON"));
        assertThat(new OutcomeSubmission(null, "e", "Lost", null, null, null, null).validate(), is("LOST"));
        assertThat(new OutcomeSubmission("i", null, "CHURNED", null, null, null, null).validate(), is("CHURNED"));
        assertThat(new OutcomeSubmission("i", null, "resolved", null, null, null, null).validate(), is("RESOLVED"));
    }

    @Test
    void namesEveryFieldToFix() {
        assertThat(fields(new OutcomeSubmission(" ", null, "WON", -1.0, "euro", null, null)),
                containsInAnyOrder("interactionId", "value", "currency"));
        assertThat(fields(new OutcomeSubmission("i", null, "WON", null, null, null, null)),
                containsInAnyOrder("value"));
        assertThat(fields(new OutcomeSubmission("i", null, null, null, null, null, "x".repeat(2001))),
                containsInAnyOrder("outcome", "note"));
    }

    private static List<String> fields(OutcomeSubmission submission) {
        return assertThrows(InvalidRequestException.class, submission::validate).violations().stream()
                .map(Violation::field).toList();
    }
}
