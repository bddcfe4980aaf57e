package dev.exceptionledger.support;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionRejected;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeInputTest {

    @Test
    void aRecordWithoutValueOrEnvelopeIsRefusedWithTheReason() {
        assertEquals("the record has no value",
                assertThrows(IllegalArgumentException.class, () -> EnvelopeInput.read(null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnvelopeInput.read("{not json"))
                .getMessage().startsWith("not a valid EventEnvelope"));
    }

    /** A dead letter's reason is recorded in clear: it says what is wrong with the record, never what it holds. */
    @Test
    void aDeadLettersReasonDoesNotQuoteTheRecord() {
        String secret = "Zqdana7Secret";
        for (String value : List.of("{\"eventId\": \"" + secret + "\"}", "{\"occurredAt\": \"" + secret + "\"}",
                "{\"schemaVersion\": \"" + secret + "\"}", "{\"type\": " + secret + "}", secret)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> EnvelopeInput.read(value));
            String reason = BatchOutputs.deadLetterReason(refused);
            assertTrue(reason.startsWith("the record cannot be read: "), reason);
            assertFalse(reason.contains("Zqdana"), value + ": " + reason);
            assertFalse(BatchOutputs.deadLetterReason(refused.getCause()).contains("Zqdana"), value);
        }
        assertEquals("the record cannot be read: occurredAt must be an ISO-8601 instant, e.g. 2026-01-31T09:30:00Z",
                BatchOutputs.deadLetterReason(assertThrows(IllegalArgumentException.class,
                        () -> EnvelopeInput.read("{\"occurredAt\": \"" + secret + "\"}"))));
    }

    @Test
    void anEnvelopeIsReadWithItsTypeAndPayload() {
        EventEnvelope written = EventEnvelope.first(InteractionRejected.TYPE, "i-1", "test",
                Map.of("reason", "INVALID"));
        EventEnvelope read = EnvelopeInput.read(written.toJson());
        assertEquals(written.eventId(), read.eventId());
        assertEquals(InteractionRejected.TYPE, read.type());
        assertEquals("INVALID", read.payload().get("reason").asText());
    }
}
