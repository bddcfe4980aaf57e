package dev.exceptionledger.classifier.messaging;

import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.classifier.persistence.TaxonomyStore;
import dev.exceptionledger.classifier.persistence.TaxonomyStore.Outcome;
import dev.exceptionledger.contracts.ClassifierFeedback;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.NearestExample;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.support.StrictJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Taxonomy versions as shared data in the real PostgreSQL: corrections become exactly one version each, with parent,
 * author and reason, even when two replicas (here two threads on one {@link FeedbackStage}, which keeps no state of
 * its own) receive them at once; a replica follows a version activated elsewhere; and an erased subject's corrections
 * leave every version and the replica's memory.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class TaxonomyVersionsTest {

    @Inject
    FeedbackStage stage;

    @Inject
    ErasureStage erasure;

    @Inject
    TaxonomyStore store;

    @Inject
    ActiveClassifier active;

    private final Taxonomy shipped = shipped();
    /** Each test starts from a version of its own, so its corrections count from learned.1. */
    private String base;

    @BeforeEach
    void startFromAVersionOfItsOwn() {
        base = "replicas-" + UUID.randomUUID();
        assertEquals(Outcome.NEW_VERSION, active.activate(shipped.named(base), "test"));
    }

    @AfterEach
    void restoreTheShippedTaxonomy() {
        active.activate(shipped, "test");
    }

    @Test
    void aCorrectionBecomesOneVersionWithItsParentAuthorAndReasonAndARedeliveryChangesNothing() {
        String text = "A question about " + UUID.randomUUID();
        String envelope = correction(text, secondIntent(), firstIntent(), "review-1");

        stage.on(envelope);
        stage.on(envelope);

        List<TaxonomyStore.StoredVersion> learned = learnedFrom(base);
        assertEquals(1, learned.size(), learned.toString());
        TaxonomyStore.StoredVersion version = learned.get(0);
        assertEquals(base + "+learned.1", version.version());
        assertEquals(base, version.parent());
        assertEquals("correction", version.reason());
        assertEquals("review review-1", version.createdBy());
        assertEquals(version.version(), store.activeVersion().orElseThrow());
        assertThat(activeTaxonomy().intent(secondIntent()).examples(), hasItem(text));
    }

    @Test
    void correctionsReachingTwoReplicasAtOnceMakeOneVersionEachInOneLine() throws Exception {
        List<String> texts = new ArrayList<>();
        List<String> envelopes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String text = "Concurrent correction " + i + " " + UUID.randomUUID();
            texts.add(text);
            envelopes.add(correction(text, secondIntent(), firstIntent(), "review-" + i));
        }
        List<String> reversed = new ArrayList<>(envelopes);
        Collections.reverse(reversed);

        // each replica receives every correction (a rebalance's redelivery at its worst), in opposite orders
        deliverAtOnce(envelopes, reversed);

        List<TaxonomyStore.StoredVersion> learned = learnedFrom(base);
        assertEquals(6, learned.size(), learned.toString());
        assertOneLine(learned);
        assertThat(activeTaxonomy().intent(secondIntent()).examples(), hasItems(texts.toArray(String[]::new)));
    }

    @Test
    void aNewIntentIsAddedOnceWhenEnoughCorrectionsNameItWhicheverReplicaReceivesThem() throws Exception {
        String intent = "new_intent_" + UUID.randomUUID().toString().substring(0, 8);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < Taxonomy.MIN_EXAMPLES; i++) {
            (i % 2 == 0 ? first : second).add(correction("New kind of request " + i + " " + UUID.randomUUID(), intent,
                    firstIntent(), "new-" + i));
        }

        deliverAtOnce(first, second);

        List<TaxonomyStore.StoredVersion> learned = learnedFrom(base);
        assertEquals(1, learned.size(), learned.toString());
        Taxonomy.Intent added = activeTaxonomy().intent(intent);
        assertEquals(Taxonomy.MIN_EXAMPLES, added.examples().size());
        assertEquals(List.of(), store.waitingFor(intent));
    }

    @Test
    void aVersionLearnedFromAVersionNoLongerActiveIsNotStored() {
        String stale = store.activeVersion().orElseThrow();
        String newer = base + "-newer";
        active.activate(shipped.named(newer), "test");
        Taxonomy learnedFromStale = shipped.named(base + "+learned.1");

        Outcome outcome = store.learned(new TaxonomyStore.Seen(UUID.randomUUID(), stale, secondIntent(), 0, null, null),
                ActiveClassifier.version(learnedFromStale, TaxonomyStore.Reason.CORRECTION, "test"));

        assertEquals(Outcome.STALE, outcome);
        assertEquals(newer, store.activeVersion().orElseThrow());
        assertTrue(store.document(learnedFromStale.version()).isEmpty());
    }

    @Test
    void anErasureTakesTheSubjectsCorrectionsOutOfEveryVersionAndTheyAreNeverLearnedAgain() {
        String erasedReview = "erased-" + UUID.randomUUID();
        String erasedText = "Erased subject's words " + UUID.randomUUID();
        String waitingReview = "erased-waiting-" + UUID.randomUUID();
        String newIntent = "new_intent_" + UUID.randomUUID().toString().substring(0, 8);
        String keptText = "Another subject's words " + UUID.randomUUID();
        stage.on(correction(erasedText, secondIntent(), firstIntent(), erasedReview));
        stage.on(correction("Waiting words " + UUID.randomUUID(), newIntent, firstIntent(), waitingReview));
        stage.on(correction(keptText, secondIntent(), firstIntent(), "kept-" + UUID.randomUUID()));
        String beforeErasure = store.activeVersion().orElseThrow();
        assertThat(activeTaxonomy().intent(secondIntent()).examples(), hasItems(erasedText, keptText));
        assertEquals(1, store.waitingFor(newIntent).size());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> active.current().taxonomy().version().equals(beforeErasure));
        assertTrue(active.remembers(erasedText), "this replica trained on the text");

        erasure.erase(subjectErased("interaction-" + erasedReview, "interaction-" + waitingReview));

        // this replica (as every other) follows the erasure and drops what it kept of older versions
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> !active.remembers(erasedText));
        assertTrue(active.remembers(keptText), "the active version keeps the other subject's words");

        TaxonomyStore.StoredVersion newest = store.versions().get(0);
        assertEquals(store.activeVersion().orElseThrow(), newest.version());
        assertEquals(beforeErasure, newest.parent());
        assertEquals("erasure", newest.reason());
        assertTrue(newest.createdBy().startsWith("erasure "), newest.createdBy());
        for (TaxonomyStore.StoredVersion version : store.versions()) {
            assertFalse(store.document(version.version()).orElseThrow().contains(erasedText), version.version());
        }
        assertThat(activeTaxonomy().intent(secondIntent()).examples(), hasItem(keptText));
        assertEquals(List.of(), store.waitingFor(newIntent));

        // a later correction of the erased interaction is not learned, and a second erasure changes nothing
        stage.on(correction(erasedText, secondIntent(), firstIntent(), erasedReview));
        erasure.erase(subjectErased("interaction-" + erasedReview));
        assertEquals(newest.version(), store.activeVersion().orElseThrow());
        assertFalse(store.active().orElseThrow().document().contains(erasedText));
    }

    @Test
    void aLearnedExampleTeachesTheModelButIsNeverQuotedAsANearestExample() {
        String text = "Please move our invoices to the Basel entity " + UUID.randomUUID();
        stage.on(correction(text, secondIntent(), firstIntent(), "quoted-" + UUID.randomUUID()));
        String learned = store.activeVersion().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> active.current().taxonomy().version().equals(learned));

        InteractionClassified classified = active.current().classifyAll(List.of(new InteractionReceived("email",
                null, text, null, null, null, null, null, null))).get(0);

        NearestExample closest = classified.nearest().get(0);
        assertEquals(secondIntent(), closest.intent());
        assertTrue(closest.similarity() > 0.99, classified.nearest().toString());
        assertNull(closest.text(), "a person's words are not quoted: " + closest);
        assertTrue(classified.nearest().stream().skip(1).allMatch(n -> n.text() != null),
                "the taxonomy's own examples are: " + classified.nearest());
    }

    @Test
    void thisReplicaFollowsAVersionAnotherReplicaActivatedWithinFiveSeconds() {
        String elsewhere = base + "-elsewhere";

        // what another replica's PUT does: store and activate, without this replica's ActiveClassifier
        assertEquals(Outcome.NEW_VERSION, store.activate(ActiveClassifier.version(shipped.named(elsewhere),
                TaxonomyStore.Reason.PUT, "another replica"), false));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> active.current().taxonomy().version().equals(elsewhere));
    }

    /** Both lists delivered at the same moment, each on its own thread. */
    private void deliverAtOnce(List<String> one, List<String> other) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> deliver(start, one));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> deliver(start, other));
        start.countDown();
        CompletableFuture.allOf(a, b).get();
    }

    private void deliver(CountDownLatch start, List<String> envelopes) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        envelopes.forEach(stage::on);
    }

    /** Every version's parent is the one before it: none was built on a parent another one had built on. */
    private void assertOneLine(List<TaxonomyStore.StoredVersion> learned) {
        Set<String> parents = learned.stream().map(TaxonomyStore.StoredVersion::parent).collect(Collectors.toSet());
        assertEquals(learned.size(), parents.size(), "two versions share a parent: " + learned);
        Set<String> names = learned.stream().map(TaxonomyStore.StoredVersion::version).collect(Collectors.toSet());
        Set<String> expectedParents = new HashSet<>(names);
        expectedParents.add(base);
        expectedParents.remove(store.activeVersion().orElseThrow());
        assertEquals(expectedParents, parents);
    }

    private List<TaxonomyStore.StoredVersion> learnedFrom(String version) {
        return store.versions().stream().filter(v -> v.version().startsWith(version + "+learned.")).toList();
    }

    private Taxonomy activeTaxonomy() {
        try {
            return StrictJson.mapper().readValue(store.active().orElseThrow().document(), Taxonomy.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String firstIntent() {
        return shipped.intents().get(0).name();
    }

    private String secondIntent() {
        return shipped.intents().get(1).name();
    }

    private static String correction(String text, String correct, String previous, String reviewId) {
        ClassifierFeedback feedback = new ClassifierFeedback(text, correct, previous, reviewId, "interaction-" + reviewId,
                null, null, null, Instant.now());
        return EventEnvelope.first(ClassifierFeedback.TYPE, "interaction-" + reviewId, "review-service", feedback)
                .toJson();
    }

    private static EventEnvelope subjectErased(String... interactionIds) {
        return EventEnvelope.first(SubjectErased.TYPE, "subject-test", "ledger-service", new SubjectErased("contact",
                "compliance", Instant.now(), List.of(interactionIds), List.of(), 1L));
    }

    private static Taxonomy shipped() {
        try (InputStream in = TaxonomyVersionsTest.class.getResourceAsStream("/taxonomy/default.json")) {
            return Taxonomy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
