package dev.exceptionledger.ledger.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.ledger.api.EventToRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsToRecordTest {

    private static final String PRODUCER = "ledger-service@test";

    @Test
    void recordsAnEnvelopeAsPublishedWithTheTopicItCameFrom() {
        EventEnvelope envelope = EventEnvelope.first(InteractionRejected.TYPE, "i-1", "intake-service@1",
                new InteractionRejected("invalid-json", "bad", List.of(), "web", null, 3, null));

        EventToRecord event = EventsToRecord.fromInput(
                new ConsumerRecord<>("interactions.rejected", 0, 7, "i-1", envelope.toJson()), "ledger-service", PRODUCER);

        assertEquals("i-1", event.interactionId());
        assertEquals(envelope.eventId().toString(), event.eventId());
        assertEquals(InteractionRejected.TYPE, event.type());
        assertEquals("intake-service@1", event.producer());
        assertEquals("interactions.rejected", event.topic());
        assertEquals("invalid-json", Json.convert(event.payload(), JsonNode.class).get("reason").asText());
        assertNull(event.traceId(), "an untraced record has no trace id");
    }

    @Test
    void recordsTheTraceTheRecordWasPublishedIn() {
        EventEnvelope envelope = EventEnvelope.first(InteractionRejected.TYPE, "i-1", "intake-service@1",
                new InteractionRejected("invalid-json", "bad", List.of(), "web", null, 3, null));
        ConsumerRecord<String, String> record = new ConsumerRecord<>("interactions.rejected", 0, 7, "i-1",
                envelope.toJson());
        record.headers().add("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, String> garbage = new ConsumerRecord<>("interactions.received", 0, 8, "i-1", "{oops");
        garbage.headers().add("traceparent",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, String> malformed = new ConsumerRecord<>("interactions.rejected", 0, 9, "i-1",
                envelope.toJson());
        malformed.headers().add("traceparent", "not-a-traceparent".getBytes(StandardCharsets.UTF_8));

        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                EventsToRecord.fromInput(record, "ledger-service", PRODUCER).traceId());
        assertEquals("0af7651916cd43dd8448eb211c80319c",
                EventsToRecord.fromInput(garbage, "ledger-service", PRODUCER).traceId());
        assertNull(EventsToRecord.fromInput(malformed, "ledger-service", PRODUCER).traceId());
    }

    @Test
    void turnsAnUnparseableRecordIntoTheSameDeadLetterFactOnEveryDelivery() {
        ConsumerRecord<String, String> garbage = new ConsumerRecord<>("interactions.received", 2, 41, "i-2", "{oops");

        EventToRecord first = EventsToRecord.fromInput(garbage, "ledger-service", PRODUCER);
        EventToRecord again = EventsToRecord.fromInput(garbage, "ledger-service", PRODUCER);

        assertEquals(first.eventId(), again.eventId());
        assertEquals("i-2", first.interactionId());
        assertEquals(MessageDeadLettered.TYPE, first.type());
        assertEquals(PRODUCER, first.producer());
        MessageDeadLettered fact = Json.convert(first.payload(), MessageDeadLettered.class);
        assertEquals("interactions.received", fact.topic());
        assertEquals(2, fact.partition());
        assertEquals(41, fact.offset());
        assertEquals("ledger-service", fact.consumer());
        assertEquals("{oops", fact.rawValue());
        assertTrue(fact.reason().startsWith("unparseable envelope"), fact.reason());
    }

    @Test
    void anUnparseableEnvelopesReasonDoesNotQuoteIt() {
        String value = "{\"eventId\": \"Zqdana7Secret\", \"occurredAt\": \"Zqdana7Secret\"}";
        EventToRecord event = EventsToRecord.fromInput(
                new ConsumerRecord<>("interactions.received", 0, 7, "i-3", value), "ledger-service", PRODUCER);

        String reason = Json.convert(event.payload(), MessageDeadLettered.class).reason();
        assertTrue(reason.startsWith("unparseable envelope: the record cannot be read: "), reason);
        assertFalse(reason.contains("Zqdana"), reason);
    }

    @Test
    void keysAnUnkeyedDeadLetterByWhereItWasRead() {
        EventToRecord event = EventsToRecord.fromInput(
                new ConsumerRecord<>("interactions.routed", 1, 5, null, null), "ledger-service", PRODUCER);

        assertEquals("unkeyed-interactions.routed-1-5", event.interactionId());
        assertNull(Json.convert(event.payload(), MessageDeadLettered.class).rawValue());
    }

    @Test
    void cutsHugeRawValues() {
        String huge = "x".repeat(EventsToRecord.MAX_RAW_CHARS + 10);

        EventToRecord event = EventsToRecord.fromInput(
                new ConsumerRecord<>("interactions.received", 0, 1, "i-3", huge), "ledger-service", PRODUCER);

        assertEquals(EventsToRecord.MAX_RAW_CHARS, Json.convert(event.payload(), MessageDeadLettered.class).rawValue().length());
    }

    @Test
    void readsTheOriginOfADeadLetterFromItsHeaders() {
        ConsumerRecord<String, String> record = deadLetter(Map.of(
                "dead-letter-reason", "boom", "dead-letter-cause", "root cause",
                "dead-letter-topic", "interactions.classified", "dead-letter-partition", "2",
                "dead-letter-offset", "99"));

        EventToRecord event = EventsToRecord.fromDeadLetter(record, PRODUCER);

        MessageDeadLettered fact = Json.convert(event.payload(), MessageDeadLettered.class);
        assertEquals("interactions.classified", fact.topic());
        assertEquals(2, fact.partition());
        assertEquals(99, fact.offset());
        assertEquals("unknown", fact.consumer());
        assertEquals("boom (cause: root cause)", fact.reason());
        assertEquals("raw", fact.rawValue());
        assertEquals("deadletters", event.topic());
        assertEquals("i-4", event.interactionId());
    }

    @Test
    void derivesTheDeadLetterEventIdFromTheOriginalRecordAndItsConsumer() {
        Map<String, String> origin = Map.of("dead-letter-topic", "interactions.classified",
                "dead-letter-partition", "2", "dead-letter-offset", "99");
        Map<String, String> otherConsumer = Map.of("dead-letter-topic", "interactions.classified",
                "dead-letter-partition", "2", "dead-letter-offset", "99", "dead-letter-consumer-group", "routing-service");

        String id = EventsToRecord.fromDeadLetter(deadLetter(origin), PRODUCER).eventId();

        assertEquals(id, EventsToRecord.fromDeadLetter(deadLetter(origin), PRODUCER).eventId());
        assertNotEquals(id, EventsToRecord.fromDeadLetter(deadLetter(otherConsumer), PRODUCER).eventId());
        assertEquals("routing-service", Json.convert(EventsToRecord.fromDeadLetter(deadLetter(otherConsumer), PRODUCER)
                .payload(), MessageDeadLettered.class).consumer());
    }

    @Test
    void tellsApartDifferentRecordsAtTheSameAddressAsABrokerWhoseLogStartedOverHandsOut() {
        Map<String, String> origin = Map.of("dead-letter-topic", "classifier.feedback",
                "dead-letter-partition", "0", "dead-letter-offset", "0", "dead-letter-consumer-group", "classifier");
        ConsumerRecord<String, String> before = new ConsumerRecord<>("deadletters", 0, 0, "poison-1", "not json");
        ConsumerRecord<String, String> after = new ConsumerRecord<>("deadletters", 0, 0, "poison-2", "not json");
        ConsumerRecord<String, String> unkeyed = new ConsumerRecord<>("deadletters", 0, 0, null, "not json either");
        for (ConsumerRecord<String, String> record : List.of(before, after, unkeyed)) {
            origin.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        }

        Set<String> ids = new HashSet<>(List.of(EventsToRecord.fromDeadLetter(before, PRODUCER).eventId(),
                EventsToRecord.fromDeadLetter(after, PRODUCER).eventId(),
                EventsToRecord.fromDeadLetter(unkeyed, PRODUCER).eventId()));
        String garbage = EventsToRecord.fromInput(new ConsumerRecord<>("interactions.received", 0, 0, null, "{oops"),
                "ledger-service", PRODUCER).eventId();
        String otherGarbage = EventsToRecord.fromInput(new ConsumerRecord<>("interactions.received", 0, 0, null, "{no"),
                "ledger-service", PRODUCER).eventId();

        assertEquals(3, ids.size(), ids.toString());
        assertNotEquals(garbage, otherGarbage);
    }

    private static ConsumerRecord<String, String> deadLetter(Map<String, String> headers) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("deadletters", 0, 3, "i-4", "raw");
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
