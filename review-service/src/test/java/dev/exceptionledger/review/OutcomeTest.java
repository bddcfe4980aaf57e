package dev.exceptionledger.review;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.OutcomeReported;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.exceptionledger.review.ReviewStack.intake;
import static dev.exceptionledger.review.ReviewStack.kafka;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static dev.exceptionledger.review.VerdictEffectsTest.awaitEvent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class OutcomeTest {

    @Test
    void anOutcomeReportedByExternalIdReachesOutcomesReportedForItsInteraction() {
        String interactionId = "int-" + UUID.randomUUID();
        String externalId = "crm-" + UUID.randomUUID();
        EventEnvelope classified = Interactions.classified(interactionId, "renewal-question", false, externalId);
        Interactions.publish(classified, Interactions.routed(classified, RoutingOutcome.AGENT_HANDLED, "IN_SCOPE"));
        Interactions.awaitKnown(interactionId);

        ConsumerTask<String, String> outcomes = kafka().consumeStrings().fromTopics(Topics.OUTCOMES_REPORTED);
        try {
            String eventId = post(given().auth().oauth2(intake()), Map.of("externalId", externalId, "outcome", "won",
                    "value", 42000, "currency", "eur", "note", "renewed for 3 years"))
                    .then().statusCode(202)
                    .body("interactionId", is(interactionId)).body("outcome", is("WON"))
                    .extract().path("eventId");
            EventEnvelope event = awaitEvent(outcomes, e -> e.eventId().toString().equals(eventId));
            assertThat(event.type(), is(OutcomeReported.TYPE));
            assertThat(event.interactionId(), is(interactionId));
            assertThat(event.correlationId(), is(interactionId));
            assertThat(event.producer(), startsWith("review-service@"));
            OutcomeReported payload = event.payloadAs(OutcomeReported.class);
            assertThat(payload.outcome(), is("WON"));
            assertThat(payload.value(), is(42000.0));
            assertThat(payload.currency(), is("EUR"));
            assertThat(payload.externalId(), is(externalId));
            assertThat(payload.source(), is("crm"));
            assertThat(payload.reportedAt() != null, is(true));
        } finally {
            outcomes.stop();
        }
    }

    @Test
    void anOutcomeByInteractionIdIsAcceptedOnceForAnIdempotencyKey() {
        String interactionId = "int-" + UUID.randomUUID();
        EventEnvelope classified = Interactions.classified(interactionId, "cancel", false, null);
        Interactions.publish(classified, Interactions.routed(classified, RoutingOutcome.DISCARDED, "SPAM"));
        Interactions.awaitKnown(interactionId);
        String key = UUID.randomUUID().toString();

        String first = post(given().auth().oauth2(intake()).header("Idempotency-Key", key),
                Map.of("interactionId", interactionId, "outcome", "CHURNED"))
                .then().statusCode(202).body("interactionId", is(interactionId)).extract().path("eventId");
        post(given().auth().oauth2(intake()).header("Idempotency-Key", key),
                Map.of("interactionId", interactionId, "outcome", "CHURNED"))
                .then().statusCode(202).body("eventId", is(first));
    }

    @Test
    void anExternalIdNamingSeveralInteractionsIs409ListingThem() {
        String externalId = "crm-" + UUID.randomUUID();
        String first = "int-" + UUID.randomUUID();
        String second = "int-" + UUID.randomUUID();
        for (String interactionId : new String[] {first, second}) {
            EventEnvelope classified = Interactions.classified(interactionId, "renewal-question", false, externalId);
            Interactions.publish(classified, Interactions.routed(classified, RoutingOutcome.AGENT_HANDLED,
                    "IN_SCOPE"));
            Interactions.awaitKnown(interactionId);
        }

        post(given().auth().oauth2(intake()), Map.of("externalId", externalId, "outcome", "LOST"))
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", allOf(containsString(first), containsString(second),
                        containsString("report by interactionId")));
    }

    @Test
    void anUnknownInteractionOrExternalIdIs404() {
        post(given().auth().oauth2(intake()), Map.of("externalId", "nobody-" + UUID.randomUUID(), "outcome", "LOST"))
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("externalId"));
        post(given().auth().oauth2(intake()), Map.of("interactionId", "nobody-" + UUID.randomUUID(),
                "outcome", "LOST")).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anInvalidOutcomeIs400NamingTheField() {
        post(given().auth().oauth2(intake()), Map.of("interactionId", "x", "outcome", "MAYBE")).then()
                .statusCode(400).body("violations.field", hasItem("outcome"));
        post(given().auth().oauth2(intake()), Map.of("interactionId", "x", "outcome", "WON")).then()
                .statusCode(400).body("violations.field", hasItem("value"));
        post(given().auth().oauth2(intake()), Map.of("outcome", "LOST")).then()
                .statusCode(400).body("violations.field", hasItem("interactionId"));
    }

    @Test
    void anUnknownFieldIsRefusedRatherThanDropped() {
        // "amount" is not the outcome's value: answering 202 would record CHURNED worth nothing
        post(given().auth().oauth2(intake()), Map.of("interactionId", "x", "outcome", "CHURNED", "amount", 9000))
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("amount"))
                .body("detail", is("unknown field 'amount': remove it (known fields here: currency, externalId, "
                        + "interactionId, note, outcome, source, value)"));
        post(given().auth().oauth2(intake()), Map.of("interactionId", "x", "outcome", "WON", "value", "9000"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", is("value must be a number, e.g. 9000, not a string"));
    }

    @Test
    void reportingNeedsTheIntakeRole() {
        Map<String, Object> body = Map.of("interactionId", "x", "outcome", "LOST");
        post(given(), body).then().statusCode(401).contentType("application/problem+json")
                .body("detail", startsWith("the request has no access token"));
        post(given().auth().oauth2(reviewer()), body).then().statusCode(403).contentType("application/problem+json")
                .body("detail", is("this operation admits role intake; your token has none of them"));
        // with the role, the request gets as far as resolving the interaction
        post(given().auth().oauth2(intake()), body).then().statusCode(404);
    }

    private static io.restassured.response.Response post(RequestSpecification request, Object body) {
        return request.contentType("application/json").body(body).post("/outcomes");
    }
}
