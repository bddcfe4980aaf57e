package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.ClassifierFeedback;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.exceptionledger.classifier.domain.Taxonomies.intent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackLearnerTest {

    private final Taxonomy taxonomy = Taxonomies.of(
            intent("pricing", true, "how much", "price list", "cost per seat", "plans", "discount"),
            intent("integration", false, "erp sync", "crm connector", "api access", "sso setup", "webhooks"));

    private static ClassifierFeedback correction(String text, String correct, String previous) {
        return correction(text, correct, previous, "review-1");
    }

    /** No team named (a new intent gets the default owner), not a correction of an earlier verdict. */
    private static ClassifierFeedback correction(String text, String correct, String previous, String reviewId) {
        return new ClassifierFeedback(text, correct, previous, reviewId, "interaction-" + reviewId, null, "test-1",
                null, Instant.parse("2026-11-24T12:00:00Z"));
    }

    private static Taxonomy learned(FeedbackLearner.Outcome outcome) {
        return assertInstanceOf(FeedbackLearner.Learned.class, outcome).taxonomy();
    }

    @Test
    void aCorrectedTextBecomesAnExampleOfTheIntentTheReviewerNamed() {
        Taxonomy next = learned(FeedbackLearner.learn(taxonomy,
                correction("does it sync with netsuite", "integration", "pricing"), List.of(), 1));

        assertTrue(next.intent("integration").examples().contains("does it sync with netsuite"));
        assertEquals(taxonomy.intent("pricing").examples(), next.intent("pricing").examples());
        assertEquals("test-1+learned.1", next.version());
        assertTrue(next.violations().isEmpty());
    }

    @Test
    void aLearnedVersionIsNamedAfterTheVersionAPersonWrote() {
        Taxonomy first = learned(FeedbackLearner.learn(taxonomy, correction("netsuite sync", "integration", "pricing"),
                List.of(), 1));
        Taxonomy second = learned(FeedbackLearner.learn(first, correction("salesforce sync", "integration", "pricing"),
                List.of(), 2));

        assertEquals("test-1+learned.2", second.version());
        assertEquals("test-1", FeedbackLearner.baseVersion(second.version()));
    }

    @Test
    void aRedeliveredOrWithdrawnCorrectionChangesNothing() {
        Taxonomy next = learned(FeedbackLearner.learn(taxonomy, correction("netsuite sync", "integration", "pricing"),
                List.of(), 1));

        assertInstanceOf(FeedbackLearner.Unchanged.class,
                FeedbackLearner.learn(next, correction("netsuite sync", "integration", "pricing"), List.of(), 2));
        assertInstanceOf(FeedbackLearner.Unchanged.class,
                FeedbackLearner.learn(next, correction("plans?", "pricing", "pricing"), List.of(), 2));
    }

    @Test
    void aNewIntentWaitsUntilItHasEnoughExamplesAndIsOwnedByTheTeamTheFirstCorrectionNamed() {
        List<FeedbackLearner.Waiting> waiting = new ArrayList<>();
        for (int i = 1; i < Taxonomy.MIN_EXAMPLES; i++) {
            FeedbackLearner.Outcome outcome = FeedbackLearner.learn(taxonomy,
                    correction("gdpr request " + i, "privacy_request", "pricing", "review-" + i), waiting, 1);
            waiting.add(assertInstanceOf(FeedbackLearner.Waits.class, outcome).correction());
        }
        assertInstanceOf(FeedbackLearner.Unchanged.class, FeedbackLearner.learn(taxonomy,
                correction("gdpr request 1", "privacy_request", "pricing", "review-again"), waiting, 1));
        Taxonomy next = learned(FeedbackLearner.learn(taxonomy, new ClassifierFeedback("gdpr request last",
                "privacy_request", "pricing", "review-last", "interaction-last", "legal", "test-1", null,
                Instant.parse("2026-11-24T12:00:00Z")), waiting, 1));

        assertEquals(Taxonomy.MIN_EXAMPLES, next.intent("privacy_request").examples().size());
        assertEquals(FeedbackLearner.DEFAULT_TEAM, next.intent("privacy_request").team());
        assertFalse(next.intent("privacy_request").agentMayHandle());
        assertTrue(next.violations().isEmpty());
    }

    @Test
    void forgettingTakesTheTextsOutAndAnIntentLeftTooSmallToCalibrateGoesToo() {
        Taxonomy learned = learned(FeedbackLearner.learn(taxonomy, correction("quote for 750 seats", "pricing",
                "integration"), List.of(), 1));

        Taxonomy forgotten = FeedbackLearner.forget(learned, Set.of(FeedbackLearner.textHash("quote for 750 seats"),
                FeedbackLearner.textHash("webhooks")));

        assertEquals(learned.version(), forgotten.version());
        assertEquals(taxonomy.intent("pricing").examples(), forgotten.intent("pricing").examples());
        assertEquals(List.of("pricing"), forgotten.intents().stream().map(Taxonomy.Intent::name).toList(),
                "integration kept 4 examples, fewer than " + Taxonomy.MIN_EXAMPLES);
        assertSame(learned, FeedbackLearner.forget(learned, Set.of(FeedbackLearner.textHash("not an example"))));
    }

    @Test
    void aLearnedVersionKeepsThePrecedentsAndForgettingTakesAnErasedOneOut() {
        Taxonomy.Precedents precedents = new Taxonomy.Precedents(3, 0.6, List.of(
                new Taxonomy.Precedent("integration", "erp sync for 4,000 staff", true, "sales", "a large rollout"),
                new Taxonomy.Precedent("pricing", "how much", false, "sales", "the price list")));
        Taxonomy next = learned(FeedbackLearner.learn(taxonomy.withPrecedents(precedents),
                correction("netsuite sync", "integration", "pricing"), List.of(), 1));
        assertEquals(precedents, next.precedents());

        Taxonomy forgotten = FeedbackLearner.forget(next, Set.of(FeedbackLearner.textHash("how much")));
        assertEquals(List.of("erp sync for 4,000 staff"), forgotten.precedents().interactions().stream()
                .map(Taxonomy.Precedent::text).toList());
        assertNull(FeedbackLearner.forget(next, Set.of(FeedbackLearner.textHash("erp sync for 4,000 staff")))
                .precedents(), "no exception left to be like");
    }
}
