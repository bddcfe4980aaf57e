package dev.exceptionledger.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.support.PersonalSeal;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
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
import java.util.Base64;
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
    void erasesASubjectsPersonalFieldsAndTheTextDerivedFromThemWithoutRewritingHistory() {
        String id = newInteractionId();
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "Buyer-" + marker + "@Example.com ";
        String contactId = PersonalFields.contactIdOfEmail(email);
        Instant hour = Journeys.futureHour();
        InteractionReceived interaction = new InteractionReceived("web", "ERP question " + marker,
                "Does it integrate with our ERP? " + marker, new Contact("Dana Buyer" + marker, email, "CFO", "Acme", 500),
                List.of(new ConversationTurn("customer", "Hello, it is Dana " + marker, Instant.now())), null, "x-1",
                null, null);
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, hour, null, interaction);
        EventEnvelope classified = envelope(InteractionClassified.TYPE, id, hour.plusSeconds(1), received,
                new InteractionClassified("integration", 0.8, 0.9, true, 0.7,
                        List.of(new ValueSignal("SENIOR_ROLE", "title=CFO " + marker, 0.4)), false, "sales", false,
                        List.of("title 'CFO' is C-level " + marker), List.of(), "m-1", "t-1", interaction));
        EventEnvelope routed = envelope(InteractionRouted.TYPE, id, hour.plusSeconds(2), classified,
                new InteractionRouted(RoutingOutcome.ESCALATED, "sales", null, "P1", null, "HIGH_VALUE", "r-1",
                        "p-1", "high value (title=CFO, " + marker + ")", List.of("HIGH_VALUE")));
        String reviewId = UUID.randomUUID().toString();
        EventEnvelope reviewed = envelope(ReviewRecorded.TYPE, id, hour.plusSeconds(3), routed,
                new ReviewRecorded(reviewId, Verdict.MISSED_OPPORTUNITY, "rita", "CFO asking about SAP "
                        + marker, "sales", null, null, 5000.0, null, hour.plusSeconds(3)));
        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
        publish(kafka, Topics.INTERACTIONS_CLASSIFIED, classified);
        publish(kafka, Topics.INTERACTIONS_ROUTED, routed);
        publish(kafka, Topics.REVIEWS_RECORDED, reviewed);
        awaitTimeline(id, PUBLISHED, 4)
                .body(events(PUBLISHED) + ".contactId", everyItem(is(contactId)))
                .body(events(PUBLISHED) + ".erased", everyItem(is(false)))
                .body(events(PUBLISHED) + "[0].payload.contact.name", is("Dana Buyer" + marker))
                .body(events(PUBLISHED) + "[2].payload.explanation", is("high value (title=CFO, " + marker + ")"));
        String stored = storedPayloads(id);
        assertFalse(stored.contains(marker), "personal and derived text is stored sealed: " + stored);
        assertTrue(stored.contains("Acme") && stored.contains("SENIOR_ROLE"), "facts are not personal: " + stored);
        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, hour.plusSeconds(3600))
                .body("received", is(1)).body("reviewed.MISSED_OPPORTUNITY", is(1)));
        Map<String, Object> funnelBefore = funnel(hour, hour.plusSeconds(3600)).extract().as(Map.class);
        given().auth().oauth2(token("compliance")).contentType("application/json")
                .body(Map.of("email", " buyer-" + marker + "@example.COM")).post("/ledger/subjects/lookup")
                .then().statusCode(200).body("contactId", is(contactId)).body("status", is("ACTIVE"))
                .body("events", is(4)).body("interactionIds", is(List.of(id)));

        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", contactId)
                .then().statusCode(200).body("status", is("ERASED")).body("events", is(4))
                .body("interactionIds", is(List.of(id)))
                .body("copies.find { it.service == 'ledger-service' }.erasable", is(true))
                .body("copies.find { it.service == 'review-service' }.erasable", is(true))
                .body("copies.find { it.service == 'routing-service' }.events", is(1))
                .body("copies.findAll { it.where == 'topic interactions.routed' }[0].events", is(1))
                .body("copies.findAll { it.where.startsWith('topic ') }.erasable", everyItem(is(false)));
        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", contactId)
                .then().statusCode(200).body("status", is("ALREADY_ERASED"));
        given().auth().oauth2(token("compliance")).get("/ledger/subjects/{id}", contactId)
                .then().statusCode(200).body("status", is("ERASED")).body("erasedAt", notNullValue());

        Journeys.timeline(id).statusCode(200)
                .body(events(PUBLISHED) + ".erased", everyItem(is(true)))
                .body(events(PUBLISHED) + "[0].payload.contact.name", is(PersonalSeal.ERASED))
                .body(events(PUBLISHED) + "[0].payload.contact.company", is("Acme"))
                .body(events(PUBLISHED) + "[1].payload.valueSignals[0].evidence", is(PersonalSeal.ERASED))
                .body(events(PUBLISHED) + "[1].payload.valueSignals[0].name", is("SENIOR_ROLE"))
                .body(events(PUBLISHED) + "[1].payload.intent", is("integration"))
                .body(events(PUBLISHED) + "[2].payload.explanation", is(PersonalSeal.ERASED))
                .body(events(PUBLISHED) + "[2].payload.reasonCodes[0]", is("HIGH_VALUE"))
                .body(events(PUBLISHED) + "[3].payload.note", is(PersonalSeal.ERASED))
                .body(events(PUBLISHED) + "[3].payload.verdict", is("MISSED_OPPORTUNITY"));
        List<JsonNode> lines = replay(Map.of("interactionId", id));
        assertEquals(4, lines.stream().filter(line -> line.get("erased").asBoolean()).count());
        assertFalse(lines.toString().contains(marker), "the replay shows none of it: " + lines);
        assertEquals(stored, storedPayloads(id), "the stored events are unchanged");
        assertEquals(funnelBefore, funnel(hour, hour.plusSeconds(3600)).extract().as(Map.class));
        Journeys.timeline(SubjectErased.ledgerOf(contactId)).statusCode(200)
                .body("events", hasSize(1))
                .body("events[0].type", is(SubjectErased.TYPE))
                .body("events[0].payload.contactId", is(contactId))
                .body("events[0].payload.interactionIds", is(List.of(id)))
                .body("events[0].payload.requestedBy", is("alice"));
        ConsumerTask<String, String> erasures = kafka.consumeStrings().fromTopics(Topics.SUBJECTS_ERASED);
        try {
            SubjectErased announced = await().atMost(PATIENCE).until(() -> erasures.getRecords().stream()
                    .filter(record -> SubjectErased.ledgerOf(contactId).equals(record.key()))
                    .map(record -> Json.read(record.value(), EventEnvelope.class).payloadAs(SubjectErased.class))
                    .findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertEquals(List.of(id), announced.interactionIds());
            assertEquals(List.of(reviewId), announced.reviewIds());
            assertEquals(4L, announced.events());
        } finally {
            erasures.stop();
        }
        verify().body("intact", is(true));
    }

    @Test
    void storesWhatAProducerSealedAsItCameOpensItWithTheSameKeyAndErasesTheTopicsCopyWithIt() {
        String id = newInteractionId();
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "sealed-" + marker + "@example.com";
        String contactId = PersonalFields.contactIdOfEmail(email);
        // as intake does: the subject's key from the store, the payload sealed before it is published
        String key = given().auth().oauth2(LedgerSubjectKeysTest.serviceToken("exledger-intake", "subject-keys"))
                .contentType("application/json").body(Map.of("subjects", List.of(contactId)))
                .post("/ledger/subject-keys").then().statusCode(200).extract().path("keys." + contactId);
        InteractionReceived interaction = new InteractionReceived("email", "ERP " + marker, "SAP question " + marker,
                new Contact("Dana " + marker, email, "CFO", "Acme", 800), null, null, "x-2", null, null);
        EventEnvelope published = EventEnvelope.first(InteractionReceived.TYPE, id, Journeys.PRODUCER, interaction);
        assertEquals(contactId, published.subject());
        PersonalSeal.sealAll(published.payload(), PersonalSeal.key(Base64.getDecoder().decode(key)));
        String sealedText = published.payload().get("text").asText();
        assertFalse(published.toJson().contains(marker), "sealed before it is published");

        publish(kafka, Topics.INTERACTIONS_RECEIVED, published);

        awaitTimeline(id, PUBLISHED, 1)
                .body(events(PUBLISHED) + "[0].contactId", is(contactId))
                .body(events(PUBLISHED) + "[0].payload.text", is("SAP question " + marker))
                .body(events(PUBLISHED) + "[0].payload.contact.email", is(email));
        String stored = storedPayloads(id);
        assertTrue(stored.contains(sealedText), "stored as the producer sealed it: " + stored);
        assertTrue(stored.contains("\"sealedFor\":\"" + contactId + "\""), stored);
        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", contactId)
                .then().statusCode(200).body("status", is("ERASED"))
                .body("copies.find { it.where == 'topic interactions.received' }.erasable", is(true));
        Journeys.timeline(id).statusCode(200)
                .body(events(PUBLISHED) + "[0].payload.text", is(PersonalSeal.ERASED))
                .body(events(PUBLISHED) + "[0].payload.contact.company", is("Acme"));
    }

    @Test
    void answersNotFoundForASubjectItNeverSawAndRecordsNothing() {
        String unknown = PersonalFields.contactIdOfEmail("nobody-" + UUID.randomUUID() + "@example.com");

        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", unknown)
                .then().statusCode(200).body("status", is("NOT_FOUND")).body("events", is(0))
                .body("eventId", nullValue());

        Journeys.timeline(SubjectErased.ledgerOf(unknown)).statusCode(404);
        given().auth().oauth2(token("compliance")).get("/ledger/subjects/{id}", unknown)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token("compliance")).contentType("application/json").body(Map.of("email", ""))
                .post("/ledger/subjects/lookup").then().statusCode(400).contentType("application/problem+json");
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

    /** The interaction's stored payloads, in ledger order, as the store holds them. */
    private String storedPayloads(String interactionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT string_agg(convert_from(payload, "
                     + "'UTF8'), '\n' ORDER BY sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?")) {
            statement.setString(1, interactionId);
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
