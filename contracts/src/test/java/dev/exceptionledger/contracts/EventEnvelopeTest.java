package dev.exceptionledger.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventEnvelopeTest {

    private static InteractionReceived cfoQuestion() {
        return new InteractionReceived("email", "ERP", "Does this integrate with our SAP ERP?",
                new Contact("Dana Reyes", "dana@acme.example", "CFO", "Acme", 800),
                List.of(new ConversationTurn("customer", "Hello", Instant.parse("2026-11-24T10:00:00Z"))),
                new AgentDecision("technical_question", 0.41, "closed"),
                "crm-42", "key-1", Instant.parse("2026-11-24T10:00:01Z"));
    }

    @Test
    void roundTripsAnEnvelopeAndItsPayload() {
        EventEnvelope sent = EventEnvelope.first(InteractionReceived.TYPE, "i-1", "intake-service@1", cfoQuestion());

        EventEnvelope read = Json.readEnvelope(sent.toJson());

        assertEquals(sent, read);
        assertEquals(cfoQuestion(), read.payloadAs(InteractionReceived.class));
    }

    @Test
    void roundTripsNestedClassification() {
        var classified = new InteractionClassified("integration_question", 0.8, 0.3, false, 0.9,
                List.of(new ValueSignal("SENIOR_ROLE", "title=CFO", 0.4)), false, "solutions", true,
                List.of("title CFO is C-level"), List.of(new NearestExample("integration_question", "Do you have an SAP connector?", 0.71)),
                "all-minilm-l6-v2-q", "default-1", cfoQuestion());
        var cause = EventEnvelope.first(InteractionReceived.TYPE, "i-1", "intake", cfoQuestion());
        var sent = EventEnvelope.causedBy(cause, InteractionClassified.TYPE, "classifier", classified);

        assertEquals(classified, Json.readEnvelope(sent.toJson()).payloadAs(InteractionClassified.class));
    }

    @Test
    void toleratesFieldsItDoesNotKnow() {
        String json = """
                {"eventId":"0b7c6f44-3f3c-4f7e-9a56-3c1b0f0e8a11","type":"InteractionRouted","schemaVersion":1,
                 "interactionId":"i-9","occurredAt":"2026-11-24T10:00:00Z","producer":"routing@2",
                 "someFutureField":{"nested":[1,2]},
                 "payload":{"outcome":"ESCALATED","team":"sales","priority":"P1","ruleId":"r1",
                            "policyVersion":"v3","aFieldAddedLater":true}}
                """;

        EventEnvelope read = Json.readEnvelope(json);
        InteractionRouted routed = read.payloadAs(InteractionRouted.class);

        assertEquals("i-9", read.interactionId());
        assertEquals(RoutingOutcome.ESCALATED, routed.outcome());
        assertEquals("sales", routed.team());
    }

    @Test
    void causedEventsHaveAStableEventIdSoRedeliveryIsDetectable() {
        var cause = EventEnvelope.first(InteractionReceived.TYPE, "i-1", "intake", cfoQuestion());

        var once = EventEnvelope.causedBy(cause, InteractionClassified.TYPE, "classifier", "x");
        var again = EventEnvelope.causedBy(cause, InteractionClassified.TYPE, "classifier", "x");
        var other = EventEnvelope.causedBy(cause, InteractionRouted.TYPE, "routing", "x");

        assertEquals(once.eventId(), again.eventId());
        assertNotEquals(once.eventId(), other.eventId());
        assertEquals(cause.eventId().toString(), once.causationId());
        assertEquals(cause.correlationId(), once.correlationId());
    }

    @Test
    void refusesWhatIsNotAnEnvelope() {
        assertThrows(IllegalArgumentException.class, () -> Json.readEnvelope("{not json"));
        assertThrows(IllegalArgumentException.class, () -> Json.readEnvelope("{\"type\":\"X\"}"));
        assertThrows(IllegalArgumentException.class, () -> Json.readEnvelope("null"));
    }
}
