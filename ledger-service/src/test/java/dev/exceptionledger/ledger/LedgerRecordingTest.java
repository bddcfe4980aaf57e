package dev.exceptionledger.ledger;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.ledger.api.EventToRecord;
import dev.exceptionledger.ledger.messaging.EventsToRecord;
import dev.exceptionledger.ledger.persistence.LedgerAppender;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.exceptionledger.ledger.Journeys.PATIENCE;
import static dev.exceptionledger.ledger.Journeys.PUBLISHED;
import static dev.exceptionledger.ledger.Journeys.awaitTimeline;
import static dev.exceptionledger.ledger.Journeys.envelope;
import static dev.exceptionledger.ledger.Journeys.events;
import static dev.exceptionledger.ledger.Journeys.funnel;
import static dev.exceptionledger.ledger.Journeys.newInteractionId;
import static dev.exceptionledger.ledger.Journeys.privateHour;
import static dev.exceptionledger.ledger.Journeys.publish;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class LedgerRecordingTest {

    private static KafkaCompanion kafka;

    @Inject
    LedgerAppender appender;

    @BeforeAll
    static void connect() {
        kafka = Journeys.companion();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void consumesEveryLedgerInputButTheDeadLettersOnOneChannel() {
        List<String> topics = List.of(ConfigProvider.getConfig()
                .getValue("mp.messaging.incoming.ledger-in.topics", String.class).split(","));

        List<String> expected = Topics.LEDGER_INPUTS.stream().filter(t -> !t.equals(Topics.DEAD_LETTERS)).toList();
        assertEquals(expected, topics);
    }

    @Test
    void recordsTheJourneyInOrderAndCountsItInTheFunnel() {
        String id = newInteractionId();
        Instant hour = privateHour();
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, hour.plusSeconds(1), null,
                Map.of("channel", "web", "text", "Does it integrate with our ERP?"));
        EventEnvelope classified = envelope("InteractionClassified", id, hour.plusSeconds(2), received,
                Map.of("intent", "integration-question", "confidence", 0.41));
        EventEnvelope routed = envelope(InteractionRouted.TYPE, id, hour.plusSeconds(3), classified,
                new InteractionRouted(RoutingOutcome.ESCALATED, "sales-engineering", null, "high", null,
                        "HIGH_VALUE", "escalate-high-value", "policy-1", "a CFO asks about ERP"));

        // three topics have no order among them: publish each once the previous is recorded
        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
        awaitTimeline(id, PUBLISHED, 1);
        publish(kafka, Topics.INTERACTIONS_CLASSIFIED, classified);
        awaitTimeline(id, PUBLISHED, 2);
        publish(kafka, Topics.INTERACTIONS_ROUTED, routed);

        String ours = events(PUBLISHED);
        ValidatableResponse timeline = awaitTimeline(id, PUBLISHED, 3)
                .body("interactionId", is(id))
                .body("events[0].sequence", is(0))
                .body(ours + ".type", contains(InteractionReceived.TYPE, "InteractionClassified", InteractionRouted.TYPE))
                .body(ours + ".eventId", contains(received.eventId().toString(), classified.eventId().toString(),
                        routed.eventId().toString()))
                .body(ours + ".topic", contains(Topics.INTERACTIONS_RECEIVED, Topics.INTERACTIONS_CLASSIFIED,
                        Topics.INTERACTIONS_ROUTED))
                .body(ours + "[2].causationId", is(classified.eventId().toString()))
                .body(ours + "[2].occurredAt", is(hour.plusSeconds(3).toString()))
                .body(ours + "[2].recordedAt", notNullValue())
                .body(ours + "[2].payload.outcome", is("ESCALATED"))
                .body(ours + "[2].payload.team", is("sales-engineering"))
                .body(ours + "[0].payload.text", is("Does it integrate with our ERP?"));
        List<Integer> sequences = timeline.extract().path("events.sequence");
        assertEquals(sequences.stream().sorted().toList(), sequences, "the timeline is in ledger order");

        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, hour.plus(1, ChronoUnit.HOURS))
                .body("received", is(1))
                .body("accepted", is(1))
                .body("rejected", is(0))
                .body("classified", is(1))
                .body("routed.ESCALATED", is(1))
                .body("routed.AGENT_HANDLED", is(0))
                .body("pending.notYetClassified", is(0))
                .body("pending.notYetRouted", is(0)));
    }

    @Test
    void recordsARedeliveredEnvelopeOnce() {
        String id = newInteractionId();
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, Instant.now(), null, Map.of("text", "hi"));

        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
        // same topic and key, so the same partition: once this is recorded, the copy before it was handled
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, id, "not an envelope"))
                .awaitCompletion();

        String readHere = "it.topic == '" + Topics.INTERACTIONS_RECEIVED + "'";
        awaitTimeline(id, readHere, 2)
                .body(events(readHere) + ".type", contains(InteractionReceived.TYPE, MessageDeadLettered.TYPE))
                .body(events(readHere) + "[0].eventId", is(received.eventId().toString()));
    }

    @Test
    void countsARejectedInteractionInReceivedAndRejected() {
        String id = newInteractionId();
        Instant hour = privateHour();
        publish(kafka, Topics.INTERACTIONS_REJECTED, envelope(InteractionRejected.TYPE, id, hour, null,
                new InteractionRejected("validation-failed", "text is required", List.of(), "web", null, 12, hour)));

        awaitTimeline(id, PUBLISHED, 1).body(events(PUBLISHED) + "[0].payload.reason", is("validation-failed"));
        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, hour.plus(1, ChronoUnit.HOURS))
                .body("received", is(1))
                .body("rejected", is(1))
                .body("accepted", is(0))
                .body("classified", is(0))
                .body("pending.notYetClassified", is(0)));
    }

    @Test
    void recordsUnparseableBytesAsADeadLetterFact() {
        String id = newInteractionId();
        byte[] garbage = {(byte) 0xff, 0x00, '{', 'x'};

        RecordMetadata sent = kafka.produce(String.class, byte[].class)
                .fromRecords(new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, id, garbage))
                .awaitCompletion().getFirstRecord();

        // the eventId a redelivery of the same record derives again (EventsToRecordTest: how it is derived)
        String expectedEventId = EventsToRecord.fromInput(new ConsumerRecord<>(Topics.INTERACTIONS_RECEIVED,
                sent.partition(), sent.offset(), id, new String(garbage, StandardCharsets.UTF_8)), "ledger-service",
                "ledger-service").eventId();
        // the ledger's own fact; a service that also reads the topic may dead-letter the bytes too (a fact of its own)
        String ledgers = events("it.payload.consumer == 'ledger-service'");
        awaitTimeline(id, "it.payload.consumer == 'ledger-service'", 1)
                .body(ledgers + "[0].type", is(MessageDeadLettered.TYPE))
                .body(ledgers + "[0].eventId", is(expectedEventId))
                .body(ledgers + "[0].topic", is(Topics.INTERACTIONS_RECEIVED))
                .body(ledgers + "[0].producer", startsWith("ledger-service@"))
                .body(ledgers + "[0].payload.topic", is(Topics.INTERACTIONS_RECEIVED))
                .body(ledgers + "[0].payload.partition", is(sent.partition()))
                .body(ledgers + "[0].payload.offset", equalTo((int) sent.offset()))
                .body(ledgers + "[0].payload.consumer", is("ledger-service"))
                .body(ledgers + "[0].payload.reason", startsWith("unparseable envelope"))
                .body(ledgers + "[0].payload.rawValue", containsString("{x"));
    }

    @Test
    void recordsADeadLetterFromAnotherServiceOnce() {
        String id = newInteractionId();
        ProducerRecord<String, String> deadLetter = deadLetter(id, "41");

        kafka.produceStrings().fromRecords(deadLetter).awaitCompletion();
        kafka.produceStrings().fromRecords(deadLetter(id, "41")).awaitCompletion();
        // same key and topic, so it is handled after the copy above
        kafka.produceStrings().fromRecords(deadLetter(id, "42")).awaitCompletion();

        awaitTimeline(id, "true", 2)
                .body("events.type", contains(MessageDeadLettered.TYPE, MessageDeadLettered.TYPE))
                .body("events.payload.offset", contains(41, 42))
                .body("events[0].topic", is(Topics.DEAD_LETTERS))
                .body("events[0].payload.topic", is(Topics.INTERACTIONS_CLASSIFIED))
                .body("events[0].payload.partition", is(2))
                .body("events[0].payload.consumer", is("unknown"))
                .body("events[0].payload.reason", is("routing failed (cause: no policy)"))
                .body("events[0].payload.rawValue", is("{\"eventId\":"));
    }

    @Test
    void appendsConcurrentBatchesOfOneNewLedgerEachEventOnce() throws Exception {
        String id = newInteractionId();
        List<EventToRecord> distinct = IntStream.range(0, 20)
                .mapToObj(i -> new EventToRecord(id, UUID.randomUUID().toString(), "InteractionClassified", 1,
                        Instant.now(), Journeys.PRODUCER, id, null, Topics.INTERACTIONS_CLASSIFIED,
                        Json.mapper().createObjectNode(), null, null))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // the same batch four times at once, plus the first half again: as redeliveries from several replicas
            List<Callable<Integer>> appends = Stream.concat(Stream.generate(() -> distinct).limit(4),
                            Stream.of(distinct.subList(0, 10)))
                    .map(batch -> (Callable<Integer>) () -> appender.append(batch).size()).toList();
            int appended = 0;
            for (Future<Integer> result : pool.invokeAll(appends)) {
                appended += result.get();
            }
            assertEquals(20, appended);
        } finally {
            pool.shutdownNow();
        }

        Journeys.timeline(id).statusCode(200)
                .body("events.sequence", contains(IntStream.range(0, 20).boxed().toArray()))
                .body("events.eventId", contains(distinct.stream().map(EventToRecord::eventId).toArray()));
    }

    @Test
    void answersAnUnknownInteractionWith404Problem() {
        given().auth().oauth2(Journeys.token("compliance"))
                .get("/ledger/interactions/{id}", newInteractionId())
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", is(404))
                .body("detail", containsString("nothing is recorded"));
    }

    @Test
    void answersAMalformedFunnelBoundWith400Problem() {
        given().auth().oauth2(Journeys.token("compliance"))
                .queryParam("from", "yesterday")
                .get("/ledger/funnel")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("ISO-8601"));
    }

    @Test
    void recordsTheTraceEachEventWasPublishedIn() {
        String id = newInteractionId();
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, privateHour(), null,
                Map.of("channel", "web", "text", "Traced?"));
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                .getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, null, id,
                received.toJson(), headers)).awaitCompletion();

        awaitTimeline(id, PUBLISHED, 1).body(events(PUBLISHED) + "[0].traceId",
                is("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                Journeys.replay(Map.of("interactionId", id)).get(0).path("traceId").asText());
    }

    private static ProducerRecord<String, String> deadLetter(String key, String offset) {
        RecordHeaders headers = new RecordHeaders();
        Map.of("dead-letter-reason", "routing failed", "dead-letter-cause", "no policy",
                        "dead-letter-topic", Topics.INTERACTIONS_CLASSIFIED, "dead-letter-partition", "2",
                        "dead-letter-offset", offset)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(Topics.DEAD_LETTERS, null, key, "{\"eventId\":", headers);
    }
}
