package dev.exceptionledger.intake.rest;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.intake.support.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class InteractionResourceTest {

    private static final TopicReader RECEIVED = TopicReader.of(Topics.INTERACTIONS_RECEIVED);
    private static final TopicReader REJECTED = TopicReader.of(Topics.INTERACTIONS_REJECTED);

    private static RequestSpecification asPlatform() {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("platform", Set.of("intake")));
    }

    private static ValidatableResponse post(String contentType, byte[] body) {
        return asPlatform().contentType(contentType).body(body).post("/interactions").then();
    }

    private static ValidatableResponse postJson(String body) {
        return post("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static String cfoCase(String externalId) {
        return """
                {"channel": "email", "subject": "ERP integration?", "externalId": "%s",
                 "text": "We are 800 people; does your product integrate with our ERP?",
                 "contact": {"name": "Dana", "email": "dana@example.com", "title": "CFO", "company": "Acme", "companySize": 800},
                 "turns": [{"role": "customer", "text": "Hello", "at": "2025-03-01T09:00:00Z"}],
                 "agentDecision": {"label": "general_question", "confidence": 0.41, "action": "closed"}}"""
                .formatted(externalId);
    }

    /** The rejection event for a 4xx answer, found by the id the answer carries. */
    private static InteractionRejected rejectionOf(ValidatableResponse response) {
        String id = response.extract().header(InteractionResource.INTERACTION_ID);
        EventEnvelope envelope = REJECTED.awaitEnvelope(id);
        assertEquals(InteractionRejected.TYPE, envelope.type());
        assertEquals(id, envelope.interactionId());
        return envelope.payloadAs(InteractionRejected.class);
    }

    @Test
    void acceptsAValidInteractionAndPublishesItBeforeAnswering() {
        String externalId = "crm-" + UUID.randomUUID();
        String id = postJson(cfoCase(externalId))
                .statusCode(202)
                .contentType("application/json")
                .body("status", is("received"))
                .extract().path("interactionId");
        EventEnvelope envelope = RECEIVED.awaitEnvelope(id);
        assertEquals(InteractionReceived.TYPE, envelope.type());
        assertEquals(id, envelope.correlationId());
        assertNull(envelope.causationId());
        assertTrue(envelope.producer().startsWith("intake-service@"), envelope.producer());
        InteractionReceived payload = envelope.payloadAs(InteractionReceived.class);
        assertEquals("email", payload.channel());
        assertEquals(externalId, payload.externalId());
        assertEquals("CFO", payload.contact().title());
        assertEquals(800, payload.contact().companySize());
        assertEquals("closed", payload.agentDecision().action());
        assertEquals("closed", payload.agentDecision().canonicalAction());
        assertEquals(1, payload.turns().size());
        assertNotNull(payload.receivedAt());
    }

    @Test
    void answersTheInteractionIdInAHeaderToo() {
        ValidatableResponse response = postJson("{\"channel\":\"chat\",\"text\":\"hi\"}").statusCode(202);
        assertEquals(response.extract().path("interactionId"),
                response.extract().header(InteractionResource.INTERACTION_ID));
    }

    @Test
    void rejectsInvalidJsonAndRecordsTheRejection() {
        byte[] body = "{\"channel\": \"chat\", \"text\": ".getBytes(StandardCharsets.UTF_8);
        ValidatableResponse response = post("application/json", body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-json"))
                .body("detail", startsWith("the body is not valid JSON at line 1"));
        InteractionRejected rejected = rejectionOf(response);
        assertEquals("invalid-json", rejected.reason());
        assertEquals(body.length, rejected.bodyBytes());
    }

    /** The problem and the recorded rejection say what to fix, without quoting the personal value sent. */
    @Test
    void aRejectionDoesNotQuoteTheValueSent() {
        String secret = "Zq" + UUID.randomUUID().toString().substring(0, 8);
        ValidatableResponse response = post("application/json", ("{\"channel\": \"chat\", \"text\": Dana" + secret
                + ", \"contact\": {\"email\": \"" + secret + "\"}}").getBytes(StandardCharsets.UTF_8)).statusCode(400);
        assertFalse(response.extract().asString().contains(secret), response.extract().asString());
        assertFalse(Json.write(rejectionOf(response)).contains(secret));
        response = postJson("{\"channel\": \"chat\", \"text\": \"x\", \"contact\": {\"email\": \"" + secret
                + "\", \"companySize\": \"" + secret + "\"}}").statusCode(400);
        assertFalse(response.extract().asString().contains(secret), response.extract().asString());
        assertFalse(Json.write(rejectionOf(response)).contains(secret));
    }

    @Test
    void rejectsInvalidUtf8AsA400() {
        byte[] body = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xFF, '"', '}'};
        ValidatableResponse response = post("application/json", body).statusCode(400)
                .body("type", endsWith("/invalid-json")).body("detail", startsWith("the body is not valid UTF-8"));
        assertEquals("invalid-json", rejectionOf(response).reason());
    }

    @Test
    void rejectsAMissingTextNamingTheFieldAndKeepsWhatWasReadable() {
        String externalId = "crm-" + UUID.randomUUID();
        ValidatableResponse response = postJson("{\"channel\":\"web_form\",\"externalId\":\"" + externalId + "\"}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/validation-failed"))
                .body("violations.field", is(List.of("text")))
                .body("violations[0].message", is("is required"));
        InteractionRejected rejected = rejectionOf(response);
        assertEquals("validation-failed", rejected.reason());
        assertEquals(List.of(new Violation("text", "is required")), rejected.violations());
        assertEquals("web_form", rejected.channel());
        assertEquals(externalId, rejected.externalId());
    }

    @Test
    void acceptsTheAgentsOwnActionAndPublishesItBesideTheCanonicalOne() {
        // ignored: canonical; Resolved: shipped synonym of closed; wrapped_up: configured for the test profile
        // (intake.agent-actions.closed); parked: unknown, so other
        Map<String, String> canonicalBySent = Map.of("ignored", "ignored", "Resolved", "closed",
                "wrapped_up", "closed", "parked", "other");
        canonicalBySent.forEach((sent, canonical) -> {
            String id = postJson("""
                    {"channel": "chat", "text": "Any news on my order?",
                     "agentDecision": {"label": "order_status", "action": "%s"}}""".formatted(sent))
                    .statusCode(202)
                    .body("status", is("received"))
                    .extract().path("interactionId");
            AgentDecision decision = RECEIVED.awaitEnvelope(id).payloadAs(InteractionReceived.class).agentDecision();
            assertEquals(new AgentDecision("order_status", null, sent, canonical), decision);
        });
    }

    @Test
    void rejectsABlankAgentActionNamingTheFieldAndRecordsIt() {
        ValidatableResponse response = postJson("""
                {"channel": "chat", "text": "hi", "agentDecision": {"label": "greeting", "action": "  "}}""")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/validation-failed"))
                .body("violations.field", is(List.of("agentDecision.action")))
                .body("violations[0].message", is("must not be blank"));
        assertEquals(List.of(new Violation("agentDecision.action", "must not be blank")),
                rejectionOf(response).violations());
    }

    @Test
    void rejectsAWrongTypeNamingTheField() {
        ValidatableResponse response = postJson("{\"channel\":\"api\",\"text\":\"x\",\"contact\":{\"companySize\":\"800\"}}")
                .statusCode(400)
                .body("violations.field", is(List.of("contact.companySize")))
                .body("violations[0].message", startsWith("must be a whole number"));
        assertEquals("contact.companySize", rejectionOf(response).violations().get(0).field());
    }

    @Test
    void rejectsAnUnknownFieldRatherThanDroppingIt() {
        ValidatableResponse response = postJson("{\"channel\":\"api\",\"text\":\"x\",\"priority\":\"urgent\"}")
                .statusCode(400)
                .body("violations.field", is(List.of("priority")))
                .body("violations[0].message", startsWith("unknown field 'priority': remove it (known fields here: "));
        assertEquals("priority", rejectionOf(response).violations().get(0).field());
    }

    @Test
    void rejectsAWrongContentTypeAsProblemJsonAndRecordsIt() {
        byte[] body = "{\"channel\":\"api\",\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        ValidatableResponse response = post("text/plain", body)
                .statusCode(415)
                .contentType("application/problem+json")
                .body("type", endsWith("/unsupported-media-type"))
                .body("detail", startsWith("Content-Type 'text/plain"));
        InteractionRejected rejected = rejectionOf(response);
        assertEquals("unsupported-media-type", rejected.reason());
        assertEquals(body.length, rejected.bodyBytes());
    }

    @Test
    void rejectsAContentTypeThatIsNotAMediaTypeAsProblemJsonAndRecordsIt() {
        byte[] body = "{\"channel\":\"api\",\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        // refused by the REST layer while routing, before the resource runs: still a recorded rejection
        ValidatableResponse response = asPlatform()
                .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("Content-Type", "not a media type").body(body).post("/interactions").then()
                .statusCode(415)
                .contentType("application/problem+json")
                .header(InteractionResource.INTERACTION_ID, notNullValue())
                .body("type", endsWith("/unsupported-media-type"))
                .body("detail", startsWith("Content-Type 'not a media type' is not a media type"));
        InteractionRejected rejected = rejectionOf(response);
        assertEquals("unsupported-media-type", rejected.reason());
        assertEquals(body.length, rejected.bodyBytes());
    }

    @Test
    void aContentTypeThatIsNotAMediaTypeFromACallerWithoutTheRoleIsForbidden() {
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("riley", Set.of("reviewer")))
                .header("Content-Type", "not a media type").body("{}".getBytes(StandardCharsets.UTF_8))
                .post("/interactions").then()
                .statusCode(403)
                .header(InteractionResource.INTERACTION_ID, nullValue());
    }

    @Test
    void rejectsAnOversizeBodyAsProblemJsonAndRecordsIt() {
        String text = "x".repeat(300 * 1024);
        byte[] body = ("{\"channel\":\"api\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        ValidatableResponse response = post("application/json", body)
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", endsWith("/body-too-large"));
        InteractionRejected rejected = rejectionOf(response);
        assertEquals("body-too-large", rejected.reason());
        assertEquals(body.length, rejected.bodyBytes());
    }

    @Test
    void replaysTheSameIdForTheSameKeyAndContentAndPublishesOnce() {
        String key = "key-" + UUID.randomUUID();
        String body = cfoCase("crm-" + UUID.randomUUID());
        String first = asPlatform().contentType("application/json").header("Idempotency-Key", key).body(body)
                .post("/interactions").then().statusCode(202).extract().path("interactionId");
        // the same content with another layout is the same request
        String reformatted = body.replace("\n", " ");
        asPlatform().contentType("application/json").header("Idempotency-Key", key).body(reformatted)
                .post("/interactions").then().statusCode(202)
                .header(InteractionResource.REPLAYED, "true")
                .body("interactionId", equalTo(first));
        assertEquals(key, RECEIVED.awaitEnvelope(first).payloadAs(InteractionReceived.class).idempotencyKey());
        assertEquals(1, RECEIVED.countAfterReadingToEnd(first));
    }

    @Test
    void refusesAKeyReusedForDifferentContentWith409() {
        String key = "key-" + UUID.randomUUID();
        String first = asPlatform().contentType("application/json").header("Idempotency-Key", key)
                .body("{\"channel\":\"api\",\"text\":\"first\"}")
                .post("/interactions").then().statusCode(202).extract().path("interactionId");
        ValidatableResponse conflict = asPlatform().contentType("application/json").header("Idempotency-Key", key)
                .body("{\"channel\":\"api\",\"text\":\"second\"}")
                .post("/interactions").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/idempotency-conflict"))
                .body("violations.field", hasItem("Idempotency-Key"));
        InteractionRejected rejected = rejectionOf(conflict);
        assertEquals("idempotency-conflict", rejected.reason());
        assertTrue(rejected.detail().contains(first), rejected.detail());
        assertNotEquals(first, conflict.extract().header(InteractionResource.INTERACTION_ID));
    }

    @Test
    void requiresTheIntakeRole() {
        String body = "{\"channel\":\"api\",\"text\":\"x\"}";
        given().contentType("application/json").body(body).post("/interactions").then().statusCode(401);
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("rita", Set.of("reviewer")))
                .contentType("application/json").body(body).post("/interactions").then().statusCode(403);
        postJson(body).statusCode(202).body("interactionId", notNullValue());
    }
}
