package dev.exceptionledger.ledger;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.KafkaBroker;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/** Test helpers: envelopes with chosen times, publishing to the real broker, reading the ledger's API. */
final class Journeys {
    private Journeys() { }

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String PRODUCER = "test@1";
    /** The events this test published itself. */
    static final String PUBLISHED = "it.producer == '" + PRODUCER + "'";

    static KafkaCompanion companion() {
        return new KafkaCompanion(KafkaBroker.bootstrapServers());
    }

    static String newInteractionId() {
        return "test-" + UUID.randomUUID();
    }

    /**
     * An hour of its own in 2001, so funnel counts filtered to it see only this test's interactions (the funnel
     * filters on the first occurredAt, and everything else happens now).
     */
    static Instant privateHour() {
        return Instant.parse("2001-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextInt(0, 1_000_000), ChronoUnit.HOURS);
    }

    /** A private hour in the 23rd century: nothing received then can be past the stalled deadline. */
    static Instant futureHour() {
        return Instant.parse("2200-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextInt(0, 1_000_000), ChronoUnit.HOURS);
    }

    /** A private hour in the 1980s: whatever is received then and not routed is stalled at the next check. */
    static Instant pastHour() {
        return Instant.parse("1980-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextInt(0, 150_000), ChronoUnit.HOURS);
    }

    static EventEnvelope envelope(String type, String interactionId, Instant occurredAt, EventEnvelope cause, Object payload) {
        return new EventEnvelope(UUID.randomUUID(), type, EventEnvelope.SCHEMA_VERSION, interactionId, occurredAt,
                PRODUCER, interactionId, cause == null ? null : cause.eventId().toString(), Json.tree(payload), null);
    }

    static void publish(KafkaCompanion kafka, String topic, EventEnvelope envelope) {
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(topic, envelope.interactionId(), envelope.toJson()))
                .awaitCompletion();
    }

    static String token(String... roles) {
        return OidcWiremockTestResource.getAccessToken("alice", Set.of(roles));
    }

    static ValidatableResponse timeline(String interactionId) {
        return given().auth().oauth2(token("compliance"))
                .get("/ledger/interactions/{id}", interactionId)
                .then();
    }

    /**
     * Awaits {@code count} events of the timeline that match a GPath condition on {@code it}, e.g. the ones a
     * test published: other services' consumers share the broker and may add facts of their own (their dead
     * letters of a test's garbage, say), which are true facts but not the test's.
     */
    static ValidatableResponse awaitTimeline(String interactionId, String condition, int count) {
        await().atMost(PATIENCE).untilAsserted(() ->
                timeline(interactionId).statusCode(200).body(events(condition), hasSize(count)));
        return timeline(interactionId);
    }

    /** GPath of the timeline's events matching a condition on {@code it}. */
    static String events(String condition) {
        return "events.findAll { " + condition + " }";
    }

    /** The replay's lines for these query parameters, parsed. */
    static java.util.List<com.fasterxml.jackson.databind.JsonNode> replay(java.util.Map<String, ?> parameters) {
        String body = given().auth().oauth2(token("compliance"))
                .queryParams(parameters)
                .get("/ledger/replay")
                .then().statusCode(200).contentType("application/x-ndjson")
                .extract().asString();
        return body.lines().map(line -> Json.read(line, com.fasterxml.jackson.databind.JsonNode.class)).toList();
    }

    static ValidatableResponse funnel(Instant from, Instant to) {
        return given().auth().oauth2(token("reviewer"))
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .get("/ledger/funnel")
                .then().statusCode(200);
    }

    /** @param traffic live, imported or all */
    static ValidatableResponse funnel(Instant from, Instant to, String traffic) {
        return given().auth().oauth2(token("reviewer"))
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .queryParam("traffic", traffic)
                .get("/ledger/funnel")
                .then().statusCode(200);
    }
}
