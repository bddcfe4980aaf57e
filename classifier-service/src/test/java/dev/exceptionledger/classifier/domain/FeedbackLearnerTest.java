package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.ClassifierFeedback;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static dev.exceptionledger.classifier.domain.Taxonomies.intent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackLearnerTest {

    private final Taxonomy taxonomy = Taxonomies.of(
            intent("pricing", true, "how much", "price list", "cost per seat", "plans", "discount"),
            intent("integration", false, "erp sync", "crm connector", "api access", "sso setup", "webhooks"));
    private final FeedbackLearner learner = new FeedbackLearner();

    private static ClassifierFeedback correction(String text, String correct, String previous) {
        return correction(text, correct, previous, "review-1");
    }

    /** No team named (a new intent gets the default owner), not a correction of an earlier verdict. */
    private static ClassifierFeedback correction(String text, String correct, String previous, String reviewId) {
        return new ClassifierFeedback(text, correct, previous, reviewId, "interaction-" + reviewId, null, "test-1",
                null, Instant.parse("2026-11-24T12:00:00Z"));
    }

    @Test
    void aCorrectedTextBecomesAnExampleOfTheIntentTheReviewerNamed() {
        Taxonomy next = learner.learn(taxonomy, correction("does it sync with netsuite", "integration", "pricing"))
                .orElseThrow();

        assertTrue(next.intent("integration").examples().contains("does it sync with netsuite"));
        assertEquals(taxonomy.intent("pricing").examples(), next.intent("pricing").examples());
        assertEquals("test-1+learned.1", next.version());
        assertTrue(next.violations().isEmpty());
    }

    @Test
    void versionsCountUpFromTheVersionAPersonWrote() {
        Taxonomy first = learner.learn(taxonomy, correction("netsuite sync", "integration", "pricing")).orElseThrow();
        Taxonomy second = learner.learn(first, correction("salesforce sync", "integration", "pricing")).orElseThrow();

        assertEquals("test-1+learned.2", second.version());
    }

    @Test
    void aRedeliveredOrWithdrawnCorrectionChangesNothing() {
        Taxonomy next = learner.learn(taxonomy, correction("netsuite sync", "integration", "pricing")).orElseThrow();

        assertEquals(Optional.empty(), learner.learn(next, correction("netsuite sync", "integration", "pricing")));
        assertEquals(Optional.empty(), learner.learn(next, correction("plans?", "pricing", "pricing")));
    }

    @Test
    void aNewIntentIsAddedOnceItHasEnoughExamples() {
        Taxonomy current = taxonomy;
        for (int i = 1; i < Taxonomy.MIN_EXAMPLES; i++) {
            assertFalse(learner.learn(current, correction("gdpr request " + i, "privacy_request",
                    "pricing", "review-" + i)).isPresent());
        }
        Taxonomy next = learner.learn(current, correction("gdpr request last", "privacy_request",
                "pricing", "review-last")).orElseThrow();

        assertEquals(Taxonomy.MIN_EXAMPLES, next.intent("privacy_request").examples().size());
        assertEquals(FeedbackLearner.DEFAULT_TEAM, next.intent("privacy_request").team());
        assertFalse(next.intent("privacy_request").agentMayHandle());
        assertTrue(next.violations().isEmpty());
    }
}
