package dev.exceptionledger.review;

import dev.exceptionledger.contracts.ClassifierFeedback;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.exceptionledger.review.ReviewStack.ASYNC;
import static dev.exceptionledger.review.ReviewStack.kafka;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** What a verdict sets off: reroutes, corrections and the classifier's feedback. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class VerdictEffectsTest {

    @Test
    void wrongTeamPublishesAReroutedFactAndQueuesTheItemForTheNewTeam() {
        String team = Handoffs.randomTeam();
        String newTeam = Handoffs.randomTeam();
        String id = ReviewStack.queuedItem(team);
        String interactionId = item(id).get("interactionId").toString();
        ConsumerTask<String, String> routed = kafka().consumeStrings().fromTopics(Topics.INTERACTIONS_ROUTED);
        try {
            String verdictId = post(id, Map.of("verdict", "WRONG_TEAM", "note", "a billing dispute, not sales",
                    "correctTeam", newTeam)).statusCode(201).extract().path("id");

            EventEnvelope rerouted = awaitEvent(routed, e -> e.interactionId().equals(interactionId)
                    && InteractionRouted.TYPE.equals(e.type()));
            assertThat(rerouted.causationId(), is(verdictId));
            assertThat(rerouted.correlationId(), is(interactionId));
            InteractionRouted payload = rerouted.payloadAs(InteractionRouted.class);
            assertThat(payload.outcome(), is(RoutingOutcome.REROUTED));
            assertThat(payload.team(), is(newTeam));
            assertThat(payload.fromTeam(), is(team));
            assertThat(payload.ruleId(), is("review-verdict"));
            assertThat(payload.explanation(), containsString("reviewer alice"));
            assertThat(payload.slaDeadline().isAfter(Instant.now().plus(Duration.ofHours(3))), is(true));

            List<Map<String, Object>> queued = ReviewStack.awaitQueue(newTeam, "open", 1);
            assertThat(queued, hasSize(1));
            assertThat(queued.get(0).get("interactionId"), is(interactionId));
            assertThat(queued.get(0).get("source"), is("REROUTE"));
            assertThat(String.valueOf(queued.get(0).get("reasonCodes")), containsString("WRONG_TEAM"));
            given().auth().oauth2(reviewer()).get("/reviews/{id}", queued.get(0).get("id")).then()
                    .body("handoffEventId", is(rerouted.eventId().toString()))
                    .body("packet.classification.interaction.text", is(Handoffs.ERP_QUESTION));
        } finally {
            routed.stop();
        }
    }

    @Test
    void aCorrectionIsANewVerdictReferringToTheCurrentOne() {
        String id = ReviewStack.queuedItem(Handoffs.randomTeam());
        String interactionId = item(id).get("interactionId").toString();
        String first = post(id, Map.of("verdict", "CONFIRMED", "note", "looked fine")).statusCode(201)
                .extract().path("id");

        post(id, Map.of("verdict", "OVERTURNED", "note", "no", "correctIntent", "pricing")).statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("refersTo=" + first));
        post(id, Map.of("verdict", "OVERTURNED", "note", "no", "correctIntent", "pricing",
                "refersTo", java.util.UUID.randomUUID().toString())).statusCode(409);

        ConsumerTask<String, String> recorded = kafka().consumeStrings().fromTopics(Topics.REVIEWS_RECORDED);
        try {
            String second = post(id, Map.of("verdict", "MISSED_OPPORTUNITY", "note", "on second look: a renewal",
                    "estimatedValue", 5000, "refersTo", first)).statusCode(201)
                    .body("refersTo", is(first)).extract().path("id");
            EventEnvelope event = awaitEvent(recorded, e -> e.eventId().toString().equals(second));
            assertThat(event.interactionId(), is(interactionId));
            ReviewRecorded payload = event.payloadAs(ReviewRecorded.class);
            assertThat(payload.refersToReviewId(), is(first));
            assertThat(payload.verdict(), is(Verdict.MISSED_OPPORTUNITY));
            given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then()
                    .body("verdict.id", is(second)).body("verdict.verdict", is("MISSED_OPPORTUNITY"));
        } finally {
            recorded.stop();
        }
    }

    @Test
    void refersToOnAFirstVerdictIsRefused() {
        String id = ReviewStack.queuedItem(Handoffs.randomTeam());
        post(id, Map.of("verdict", "CONFIRMED", "note", "fine", "refersTo", java.util.UUID.randomUUID().toString()))
                .statusCode(400).body("violations.field", contains("refersTo"));
    }

    @Test
    void aCorrectedIntentIsPublishedAsClassifierFeedbackAndItsCorrectionReplacesIt() {
        String team = Handoffs.randomTeam();
        String id = ReviewStack.queuedItem(team);
        String interactionId = item(id).get("interactionId").toString();
        ConsumerTask<String, String> feedback = kafka().consumeStrings().fromTopics(Topics.CLASSIFIER_FEEDBACK);
        try {
            String first = post(id, Map.of("verdict", "OVERTURNED", "note", "a buyer's ERP question is pre-sales",
                    "correctIntent", "presales-integration", "correctTeam", "sales-engineering"))
                    .statusCode(201).extract().path("id");
            EventEnvelope event = awaitEvent(feedback, e -> e.interactionId().equals(interactionId));
            assertThat(event.type(), is(ClassifierFeedback.TYPE));
            assertThat(event.causationId(), is(first));
            ClassifierFeedback payload = event.payloadAs(ClassifierFeedback.class);
            assertThat(payload.text(), is("ERP integration\n" + Handoffs.ERP_QUESTION + "\n" + Handoffs.ERP_QUESTION));
            assertThat(payload.correctIntent(), is("presales-integration"));
            assertThat(payload.previousIntent(), is("integration-question"));
            assertThat(payload.reviewId(), is(first));
            assertThat(payload.interactionId(), is(interactionId));
            assertThat(payload.correctTeam(), is("sales-engineering"));
            assertThat(payload.taxonomyVersion(), is("b2b@1"));
            assertThat(payload.refersToReviewId(), nullValue());

            // the reviewer takes it back: the classifier's intent was right after all
            String second = post(id, Map.of("verdict", "CONFIRMED", "note", "it was an integration question",
                    "refersTo", first)).statusCode(201).extract().path("id");
            ClassifierFeedback replacement = awaitEvent(feedback, e -> second.equals(e.causationId()))
                    .payloadAs(ClassifierFeedback.class);
            assertThat(replacement.refersToReviewId(), is(first));
            assertThat(replacement.correctIntent(), is("integration-question"));
        } finally {
            feedback.stop();
        }
    }

    @Test
    void aVerdictThatKeepsTheIntentTeachesTheClassifierNothing() {
        EventEnvelope handoff = Handoffs.envelope(Handoffs.randomTeam());
        String interactionId = handoff.interactionId();
        ReviewStack.send(handoff);
        String id = ReviewStack.awaitQueue(handoff.payloadAs(HandoffRequested.class).team(), "open", 1).get(0)
                .get("id").toString();
        ConsumerTask<String, String> feedback = kafka().consumeStrings().fromTopics(Topics.CLASSIFIER_FEEDBACK);
        try {
            post(id, Map.of("verdict", "OVERTURNED", "note", "right intent, wrong queue", "correctTeam", "support",
                    "correctIntent", "integration-question")).statusCode(201);
            // the same interaction queued for another team: its feedback has the same key, so the same partition,
            // and arrives after anything the first verdict would have sent
            String otherTeam = Handoffs.randomTeam();
            ReviewStack.send(Handoffs.envelope(interactionId,
                    Handoffs.handoff(otherTeam, "r2", Instant.now().plusSeconds(600))));
            String next = ReviewStack.awaitQueue(otherTeam, "open", 1).get(0).get("id").toString();
            String nextVerdict = post(next, Map.of("verdict", "OVERTURNED", "note", "pricing",
                    "correctIntent", "pricing")).statusCode(201).extract().path("id");
            awaitEvent(feedback, e -> nextVerdict.equals(e.causationId()));
            assertThat(ReviewStack.envelopes(feedback)
                    .filter(e -> e.interactionId().equals(interactionId)).map(EventEnvelope::causationId).toList(),
                    contains(nextVerdict));
        } finally {
            feedback.stop();
        }
    }

    static EventEnvelope awaitEvent(ConsumerTask<String, String> task,
                                    java.util.function.Predicate<EventEnvelope> which) {
        return await().atMost(ASYNC).until(() -> ReviewStack.envelopes(task)
                .filter(which).findFirst(), java.util.Optional::isPresent).get();
    }

    private static Map<String, Object> item(String id) {
        return given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then().statusCode(200)
                .extract().jsonPath().getMap("$");
    }

    private static ValidatableResponse post(String id, Object body) {
        return given().auth().oauth2(reviewer()).contentType("application/json").body(body)
                .post("/reviews/{id}/verdict", id).then();
    }
}
