package dev.exceptionledger.review;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.review.domain.ItemSource;
import dev.exceptionledger.review.persistence.ReviewItem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.UUID;

import static dev.exceptionledger.review.ReviewStack.ASYNC;
import static dev.exceptionledger.review.ReviewStack.kafka;
import static dev.exceptionledger.review.ReviewStack.queuedItem;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class VerdictTest {

    @Test
    void recordsAVerdictDecidesTheItemAndPublishesReviewRecorded() {
        String team = Handoffs.randomTeam();
        String id = ReviewStack.queuedItem(team);
        Map<String, Object> item = given().auth().oauth2(reviewer()).get("/reviews/{id}", id)
                .then().statusCode(200).extract().jsonPath().getMap("$");
        ConsumerTask<String, String> recorded = kafka().consumeStrings().fromTopics(Topics.REVIEWS_RECORDED);
        try {
            String verdictId = post(id, Map.of("verdict", "MISSED_OPPORTUNITY",
                    "note", "  CFO asking about ERP before signing: a late-stage deal, not a tech question ",
                    "estimatedValue", 120000))
                    .statusCode(201)
                    .body("verdict", is("MISSED_OPPORTUNITY"))
                    .body("reviewer", is("alice"))
                    .body("reviewItemId", is(id))
                    .body("note", is("CFO asking about ERP before signing: a late-stage deal, not a tech question"))
                    .body("estimatedValue", is(120000.0f))
                    .body("recordedAt", notNullValue())
                    .extract().path("id");

            EventEnvelope envelope = await().atMost(ASYNC).until(() -> ReviewStack.envelopes(recorded)
                    .filter(e -> e.eventId().toString().equals(verdictId)).findFirst(), o -> o.isPresent()).get();
            assertThat(envelope.type(), is(ReviewRecorded.TYPE));
            assertThat(envelope.interactionId(), is(item.get("interactionId")));
            assertThat(envelope.correlationId(), is(item.get("interactionId")));
            assertThat(envelope.causationId(), is(item.get("handoffEventId")));
            assertThat(envelope.producer(), startsWith("review-service@"));
            ReviewRecorded payload = envelope.payloadAs(ReviewRecorded.class);
            assertThat(payload.verdict(), is(Verdict.MISSED_OPPORTUNITY));
            assertThat(payload.reviewId(), is(verdictId));
            assertThat(payload.reviewer(), is("alice"));
            assertThat(payload.team(), is(team));
            assertThat(payload.estimatedValue(), is(120000.0));
        } finally {
            recorded.stop();
        }

        given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then().statusCode(200)
                .body("status", is("DECIDED"))
                .body("decidedAt", notNullValue())
                .body("verdict.verdict", is("MISSED_OPPORTUNITY"));
        assertThat(ReviewStack.queue(team, "open").getLong("total"), is(0L));
        assertThat(ReviewStack.queue(team, "decided").getList("items.id"), contains(id));
    }

    @Test
    void recordsAnUnnecessaryEscalationWithTheRuleIntentAndPolicyItJudges() {
        String id = queuedItem(Handoffs.randomTeam());
        ConsumerTask<String, String> recorded = kafka().consumeStrings().fromTopics(Topics.REVIEWS_RECORDED);
        try {
            String verdictId = post(id, Map.of("verdict", "UNNECESSARY",
                    "note", "an integration FAQ: the agent's answer was enough"))
                    .statusCode(201)
                    .body("verdict", is("UNNECESSARY"))
                    .extract().path("id");

            ReviewRecorded payload = await().atMost(ASYNC).until(() -> ReviewStack.envelopes(recorded)
                    .filter(e -> e.eventId().toString().equals(verdictId)).findFirst(), o -> o.isPresent()).get()
                    .payloadAs(ReviewRecorded.class);
            assertThat(payload.verdict(), is(Verdict.UNNECESSARY));
            assertThat(payload.note(), is("an integration FAQ: the agent's answer was enough"));
            assertThat(payload.ruleId(), is("escalate-novel-high-value"));
            assertThat(payload.intent(), is("integration-question"));
            assertThat(payload.policyVersion(), is("policy@7"));
        } finally {
            recorded.stop();
        }
    }

    @Test
    void refusesUnnecessaryForAnAuditSampleBecauseNothingWasEscalated() {
        String id = queuedItem(Handoffs.randomTeam());
        QuarkusTransaction.requiringNew().run(() ->
                ReviewItem.update("source = ?1 where id = ?2", ItemSource.AUDIT, UUID.fromString(id)));

        post(id, Map.of("verdict", "UNNECESSARY", "note", "the agent handled it")).statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", contains("verdict"))
                .body("violations.message", hasItem(containsString("audit sample")));
        given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then().body("status", is("OPEN"));
        post(id, Map.of("verdict", "CONFIRMED", "note", "the agent handled it")).statusCode(201);
    }

    @Test
    void refusesASecondVerdictBecauseAVerdictIsFinal() {
        String id = queuedItem(Handoffs.randomTeam());
        String first = post(id, Map.of("verdict", "CONFIRMED", "note", "right team, right priority")).statusCode(201)
                .extract().path("id");

        post(id, Map.of("verdict", "OVERTURNED", "note", "changed my mind", "correctIntent", "pricing"))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("a verdict is final: to correct it, send a new verdict with refersTo="
                        + first));
        given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then()
                .body("verdict.verdict", is("CONFIRMED"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"note\":\"why\"}                                                   | verdict",
            "{\"verdict\":\"MAYBE\",\"note\":\"why\"}                             | verdict",
            "{\"verdict\":\"CONFIRMED\"}                                          | note",
            "{\"verdict\":\"UNNECESSARY\"}                                        | note",
            "{\"verdict\":\"CONFIRMED\",\"note\":\"   \"}                         | note",
            "{\"verdict\":\"OVERTURNED\",\"note\":\"wrong intent\"}               | correctIntent",
            "{\"verdict\":\"WRONG_TEAM\",\"note\":\"not ours\"}                   | correctTeam",
            "{\"verdict\":\"MISSED_OPPORTUNITY\",\"note\":\"a deal\"}             | estimatedValue",
            "{\"verdict\":\"MISSED_OPPORTUNITY\",\"note\":\"a deal\",\"estimatedValue\":-1} | estimatedValue",
            "{\"verdict\":\"MISSED_OPPORTUNITY\",\"note\":\"a deal\",\"estimatedValue\":\"lots\"} | estimatedValue",
            "{\"verdict\":\"MISSED_OPPORTUNITY\",\"note\":\"a deal\",\"estimated_value\":1000} | estimated_value",
    })
    void refusesAnInvalidVerdictNamingTheField(String body, String field) {
        String id = queuedItem(Handoffs.randomTeam());
        post(id, body).statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then().body("status", is("OPEN"));
    }

    @Test
    void aMisspeltFieldIsNamedWithTheOneItMostLikelyMeant() {
        String id = queuedItem(Handoffs.randomTeam());
        post(id, "{\"verdict\":\"MISSED_OPPORTUNITY\",\"note\":\"a deal\",\"estimated_value\":1000}").statusCode(400)
                .body("detail", is("unknown field 'estimated_value': did you mean 'estimatedValue'?"));
        post(id, "{\"verdict\":\"MISSED_OPPORTUNITY\",\"note\":\"a deal\",\"estimatedValue\":\"lots\"}").statusCode(400)
                .body("detail", is("estimatedValue must be a number, e.g. 9000, not a string"));
    }

    @Test
    void refusesANoteLongerThan2000Characters() {
        String id = queuedItem(Handoffs.randomTeam());
        post(id, Map.of("verdict", "CONFIRMED", "note", "x".repeat(2001))).statusCode(400)
                .body("violations.field", hasItem("note"));
    }

    @Test
    void refusesWrongTeamNamingTheSameTeam() {
        String team = Handoffs.randomTeam();
        String id = queuedItem(team);
        post(id, Map.of("verdict", "WRONG_TEAM", "note", "not ours", "correctTeam", team)).statusCode(400)
                .body("violations.field", hasItem("correctTeam"));
        post(id, Map.of("verdict", "WRONG_TEAM", "note", "not ours", "correctTeam", "support")).statusCode(201)
                .body("correctTeam", is("support"));
    }

    @Test
    void answers404ForAnUnknownItem() {
        String unknown = UUID.randomUUID().toString();
        given().auth().oauth2(reviewer()).get("/reviews/{id}", unknown).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(unknown));
        given().auth().oauth2(reviewer()).get("/reviews/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
        post(unknown, Map.of("verdict", "CONFIRMED", "note", "fine")).statusCode(404)
                .contentType("application/problem+json");
    }

    private static ValidatableResponse post(String id, Object body) {
        return given().auth().oauth2(reviewer()).contentType("application/json").body(body)
                .post("/reviews/{id}/verdict", id).then();
    }
}
