package dev.exceptionledger.ledger;

import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static dev.exceptionledger.ledger.Journeys.awaitTimeline;
import static dev.exceptionledger.ledger.Journeys.envelope;
import static dev.exceptionledger.ledger.Journeys.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class LedgerSecurityTest {

    private static final String TIMELINE = "/ledger/interactions/{id}";
    private static final String FUNNEL = "/ledger/funnel";

    private static String recorded;

    @BeforeAll
    static void recordOneInteraction() {
        recorded = Journeys.newInteractionId();
        try (KafkaCompanion kafka = Journeys.companion()) {
            Journeys.publish(kafka, Topics.INTERACTIONS_RECEIVED,
                    envelope(InteractionReceived.TYPE, recorded, Instant.now(), null, Map.of("text", "hello")));
        }
    }

    @Test
    void timelineIsForComplianceAndReviewers() {
        awaitTimeline(recorded, Journeys.PUBLISHED, 1);
        given().auth().oauth2(token("compliance")).get(TIMELINE, recorded).then().statusCode(200);
        given().auth().oauth2(token("reviewer")).get(TIMELINE, recorded).then().statusCode(200);
    }

    @Test
    void timelineIsForbiddenToOtherRoles() {
        given().auth().oauth2(token("intake")).get(TIMELINE, recorded).then().statusCode(403);
    }

    @Test
    void timelineNeedsAToken() {
        given().get(TIMELINE, recorded).then().statusCode(401);
    }

    @Test
    void funnelIsForComplianceAndReviewers() {
        given().auth().oauth2(token("compliance")).get(FUNNEL).then().statusCode(200);
        given().auth().oauth2(token("reviewer")).get(FUNNEL).then().statusCode(200);
    }

    @Test
    void funnelIsForbiddenToOtherRoles() {
        given().auth().oauth2(token("policy-admin")).get(FUNNEL).then().statusCode(403);
    }

    @Test
    void funnelNeedsAToken() {
        given().get(FUNNEL).then().statusCode(401);
    }

    @Test
    void replayIsForComplianceAndPolicyAdminsBacktesting() {
        given().auth().oauth2(token("compliance")).queryParam("interactionId", recorded).get("/ledger/replay")
                .then().statusCode(200);
        given().auth().oauth2(token("policy-admin")).queryParam("interactionId", recorded).get("/ledger/replay")
                .then().statusCode(200);
        given().auth().oauth2(token("reviewer")).get("/ledger/replay").then().statusCode(403);
        given().get("/ledger/replay").then().statusCode(401);
    }

    @Test
    void verifyIsForCompliance() {
        given().auth().oauth2(token("compliance")).get("/ledger/verify").then().statusCode(200);
        given().auth().oauth2(token("reviewer")).get("/ledger/verify").then().statusCode(403);
        given().get("/ledger/verify").then().statusCode(401);
    }

    @Test
    void projectionsAreForCompliance() {
        given().auth().oauth2(token("compliance")).get("/ledger/projections").then().statusCode(200);
        given().auth().oauth2(token("reviewer")).get("/ledger/projections").then().statusCode(403);
        given().auth().oauth2(token("policy-admin")).post("/ledger/projections/rebuild").then().statusCode(403);
        given().post("/ledger/projections/rebuild").then().statusCode(401);
    }

    @Test
    void rebuildOfAnUnknownProjectionIsABadRequest() {
        given().auth().oauth2(token("compliance")).queryParam("projection", "nope").post("/ledger/projections/rebuild")
                .then().statusCode(400).body("detail", containsString("funnel"));
    }

    @Test
    void subjectsAndErasureAreForCompliance() {
        String contactId = "0".repeat(64);
        given().auth().oauth2(token("reviewer")).post("/ledger/subjects/{id}/erasure", contactId).then().statusCode(403);
        given().post("/ledger/subjects/{id}/erasure", contactId).then().statusCode(401);
        given().auth().oauth2(token("reviewer")).get("/ledger/subjects/{id}", contactId).then().statusCode(403);
        given().get("/ledger/subjects/{id}", contactId).then().statusCode(401);
        given().auth().oauth2(token("reviewer")).contentType("application/json").body("{\"email\":\"a@b.c\"}")
                .post("/ledger/subjects/lookup").then().statusCode(403);
        given().contentType("application/json").body("{}").post("/ledger/subjects/lookup").then().statusCode(401);
    }
}
