package dev.exceptionledger.support;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionRejected;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
