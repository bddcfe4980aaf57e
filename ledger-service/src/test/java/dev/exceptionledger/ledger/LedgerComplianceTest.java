package dev.exceptionledger.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.ledger.domain.PersonalData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.exceptionledger.ledger.Journeys.PATIENCE;
import static dev.exceptionledger.ledger.Journeys.PUBLISHED;
import static dev.exceptionledger.ledger.Journeys.awaitTimeline;
import static dev.exceptionledger.ledger.Journeys.envelope;
import static dev.exceptionledger.ledger.Journeys.events;
import static dev.exceptionledger.ledger.Journeys.funnel;
import static dev.exceptionledger.ledger.Journeys.newInteractionId;
import static dev.exceptionledger.ledger.Journeys.privateHour;
import static dev.exceptionledger.ledger.Journeys.publish;
import static dev.exceptionledger.ledger.Journeys.replay;
import static dev.exceptionledger.ledger.Journeys.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay, the hash chain and its verification, rebuild by replay, erasure: against the real store and broker. */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class LedgerComplianceTest {

    private static KafkaCompanion kafka;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void connect() {
        kafka = Journeys.companion();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void replaysAnInteractionInGlobalOrderWithPositionsAndChainHashes() {
        String id = newInteractionId();
        Instant hour = privateHour();
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, hour, null, Map.of("channel", "web", "text", "hi"));
        EventEnvelope routed = envelope(InteractionRouted.TYPE, id, hour.plusSeconds(5), received,
                new InteractionRouted(RoutingOutcome.DISCARDED, null, null, null, null, "spam", "r-1", "p-1", "spam"));
        EventEnvelope unknown = envelope("SomethingNewHappened", id, hour.plusSeconds(9), routed, Map.of("k", "v"));
        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
        awaitTimeline(id, PUBLISHED, 1);
        publish(kafka, Topics.INTERACTIONS_ROUTED, routed);
        awaitTimeline(id, PUBLISHED, 2);
        publish(kafka, Topics.INTERACTIONS_ROUTED, unknown);
        awaitTimeline(id, PUBLISHED, 3);

        List<JsonNode> lines = replay(Map.of("interactionId", id)).stream()
                .filter(line -> Journeys.PRODUCER.equals(line.path("producer").asText())).toList();

        assertEquals(List.of(received.eventId().toString(), routed.eventId().toString(), unknown.eventId().toString()),
                lines.stream().map(line -> line.get("eventId").asText()).toList());
        assertTrue(lines.get(0).get("position").asLong() < lines.get(1).get("position").asLong());
        assertTrue(lines.get(1).get("position").asLong() < lines.get(2).get("position").asLong());
        JsonNode first = lines.get(0);
        assertEquals(InteractionReceived.TYPE, first.get("type").asText());
        assertEquals(1, first.get("schemaVersion").asInt());
        assertEquals(id, first.get("interactionId").asText());
        assertEquals(hour.toString(), first.get("occurredAt").asText());
        assertEquals(id, first.get("correlationId").asText());
        assertEquals(received.eventId().toString(), lines.get(1).get("causationId").asText());
        assertEquals("hi", first.at("/payload/text").asText());
        assertEquals("DISCARDED", lines.get(1).at("/payload/outcome").asText());
        assertEquals("v", lines.get(2).at("/payload/k").asText(), "an unknown type is recorded and replayed");
        lines.forEach(line -> assertTrue(line.get("hash").asText().matches("[0-9a-f]{64}"), line.toString()));

        // filtered by type and by time on occurredAt, [from, to)
        assertEquals(List.of(routed.eventId().toString()), replay(Map.of("interactionId", id,
                "type", InteractionRouted.TYPE)).stream().map(line -> line.get("eventId").asText()).toList());
        assertEquals(List.of(routed.eventId().toString()), replay(Map.of("interactionId", id,
                "from", hour.plusSeconds(5).toString(), "to", hour.plusSeconds(9).toString())).stream()
                .map(line -> line.get("eventId").asText()).toList());
    }

    @Test
    void answersAMalformedReplayBoundWith400Problem() {
        given().auth().oauth2(token("compliance")).queryParam("to", "soon").get("/ledger/replay")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void verifiesTheChainAndFindsTheFirstEditedRow() throws Exception {
        String id = newInteractionId();
        publish(kafka, Topics.INTERACTIONS_REJECTED, envelope(InteractionRejected.TYPE, id, Instant.now(), null,
                new InteractionRejected("validation-failed", "text is required", List.of(), "web", null, 12, null)));
        long position = awaitTimeline(id, PUBLISHED, 1).extract().<Number>path(events(PUBLISHED) + "[0].position")
                .longValue();
        verify().body("intact", is(true)).body("firstBrokenPosition", nullValue());

        byte[] original = payloadAt(position);
        try {
            // a direct edit in PostgreSQL, bypassing the ledger
            execute("UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                    + "'validation-failed', 'accepted'), 'UTF8') WHERE globalindex = ?", position);
            verify().body("intact", is(false))
                    .body("firstBrokenPosition", is((int) position))
                    .body("reason", notNullValue());
        } finally {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement restore = connection.prepareStatement(
                         "UPDATE domainevententry SET payload = ? WHERE globalindex = ?")) {
                restore.setBytes(1, original);
                restore.setLong(2, position);
                restore.executeUpdate();
            }
        }
        verify().body("intact", is(true));
    }

    @Test
    void rebuildsAFunnelEqualToTheOneBefore() {
        Instant hour = Journeys.futureHour();
        for (RoutingOutcome outcome : RoutingOutcome.values()) {
            String id = newInteractionId();
            // the agent's action too: an event as intake maps it now, and one from before (the raw action only)
            EventEnvelope received = envelope(InteractionReceived.TYPE, id, hour.plusSeconds(1), null,
                    Map.of("channel", "email", "text", "t", "agentDecision", outcome.ordinal() % 2 == 0
                            ? Map.of("label", "x", "action", "parked", "canonicalAction", "other")
                            : Map.of("label", "x", "action", "resolved")));
            publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
            publish(kafka, Topics.INTERACTIONS_ROUTED, envelope(InteractionRouted.TYPE, id, hour.plusSeconds(2),
                    received, new InteractionRouted(outcome, "sales", null, null, null, "r", "r-1", "p-1", "x")));
        }
        String rejected = newInteractionId();
        publish(kafka, Topics.INTERACTIONS_REJECTED, envelope(InteractionRejected.TYPE, rejected, hour, null,
                new InteractionRejected("invalid-json", "bad", List.of(), "email", null, 3, null)));
        Instant to = hour.plus(1, ChronoUnit.HOURS);
        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, to).body("received", is(5))
                .body("routed.DISCARDED", is(1)).body("routed.REROUTED", is(1))
                .body("agentActions.other", is(2)).body("agentActions.closed", is(2)));
        Map<String, Object> before = funnel(hour, to).extract().as(Map.class);

        given().auth().oauth2(token("compliance")).post("/ledger/projections/rebuild")
                .then().statusCode(202).body("processor", is("funnel")).body("rebuildStartedAt", notNullValue());
        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(token("compliance"))
                .get("/ledger/projections").then().statusCode(200)
                .body("running", is(true)).body("replaying", is(false)).body("caughtUp", is(true)));

        assertEquals(before, funnel(hour, to).extract().as(Map.class));
    }

    @Test
    void erasesASubjectsPersonalFieldsWithoutRewritingHistory() {
        String id = newInteractionId();
        String email = "Buyer-" + UUID.randomUUID() + "@Example.com ";
        String contactId = PersonalData.contactIdOfEmail(email);
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, Instant.now(), null, new InteractionReceived(
                "web", "ERP question", "Does it integrate with our ERP?",
                new Contact("Dana Buyer", email, "CFO", "Acme", 500),
                List.of(new ConversationTurn("customer", "Hello, it is Dana", Instant.now())), null, "x-1", null, null));
        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
        String ours = events(PUBLISHED) + "[0]";
        awaitTimeline(id, PUBLISHED, 1)
                .body(ours + ".contactId", is(contactId))
                .body(ours + ".erased", is(false))
                .body(ours + ".payload.contact.name", is("Dana Buyer"))
                .body(ours + ".payload.turns[0].text", is("Hello, it is Dana"));
        String storedPayload = storedPayload(id);
        assertFalse(storedPayload.contains("Dana"), "personal fields are stored encrypted: " + storedPayload);
        assertTrue(storedPayload.contains("Acme"), "the company is not personal: " + storedPayload);

        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", contactId)
                .then().statusCode(200).body("status", is("ERASED"));
        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", contactId)
                .then().statusCode(200).body("status", is("ALREADY_ERASED"));

        Journeys.timeline(id).statusCode(200)
                .body(ours + ".erased", is(true))
                .body(ours + ".payload.contact.name", is(PersonalData.ERASED))
                .body(ours + ".payload.contact.email", is(PersonalData.ERASED))
                .body(ours + ".payload.contact.title", is(PersonalData.ERASED))
                .body(ours + ".payload.text", is(PersonalData.ERASED))
                .body(ours + ".payload.subject", is(PersonalData.ERASED))
                .body(ours + ".payload.turns[0].text", is(PersonalData.ERASED))
                .body(ours + ".payload.contact.company", is("Acme"))
                .body(ours + ".payload.channel", is("web"))
                .body(ours + ".eventId", is(received.eventId().toString()));
        JsonNode line = replay(Map.of("interactionId", id)).stream()
                .filter(l -> received.eventId().toString().equals(l.get("eventId").asText())).findFirst().orElseThrow();
        assertTrue(line.get("erased").asBoolean());
        assertEquals(PersonalData.ERASED, line.at("/payload/contact/email").asText());
        assertEquals(storedPayload, storedPayload(id), "the stored event is unchanged");
        Journeys.timeline("subject-" + contactId).statusCode(200)
                .body("events", hasSize(1))
                .body("events[0].type", is("SubjectErased"))
                .body("events[0].payload.contactId", is(contactId))
                .body("events[0].payload.requestedBy", is("alice"));
        verify().body("intact", is(true));
    }

    @Test
    void refusesAContactIdThatIsNotOne() {
        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", "dana@example.com")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void reportsHashesOfEveryEventInTheTimeline() {
        String id = newInteractionId();
        publish(kafka, Topics.INTERACTIONS_RECEIVED, envelope(InteractionReceived.TYPE, id, Instant.now(), null,
                Map.of("channel", "web", "text", "x")));
        awaitTimeline(id, PUBLISHED, 1).body("events.hash", everyItem(matchesPattern("[0-9a-f]{64}")));
    }

    private static io.restassured.response.ValidatableResponse verify() {
        return given().auth().oauth2(token("compliance")).get("/ledger/verify").then().statusCode(200);
    }

    private String storedPayload(String interactionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT convert_from(payload, 'UTF8') FROM "
                     + "domainevententry WHERE aggregateidentifier = ? AND event_type = ?")) {
            statement.setString(1, interactionId);
            statement.setString(2, InteractionReceived.TYPE);
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] payloadAt(long position) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT payload FROM domainevententry WHERE globalindex = ?")) {
            statement.setLong(1, position);
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBytes(1);
            }
        }
    }

    private void execute(String sql, long position) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, position);
            assertEquals(1, statement.executeUpdate());
        }
    }
}
