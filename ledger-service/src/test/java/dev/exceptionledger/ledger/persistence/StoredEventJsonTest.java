package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoredEventJsonTest {

    private static final JacksonSerializer AXON = JacksonSerializer.builder()
            .objectMapper(Json.configure(new ObjectMapper())).build();

    private static final InteractionEventRecorded EVENT = new InteractionEventRecorded("i-1", "e-1",
            "InteractionReceived", 1, Instant.parse("2026-11-24T17:15:51.123456Z"), "intake@1", "i-1", null,
            "interactions.received", "{\"text\":\"enc:abc\",\"q\":\"\\\"quoted\\\" ü\"}");

    @Test
    void writesTheBytesAxonsJacksonSerializerWrites() {
        assertArrayEquals(AXON.serialize(EVENT, byte[].class).getData(), StoredEventJson.write(EVENT));
        InteractionEventRecorded sparse = new InteractionEventRecorded("i-2", "e-2", "X", 1, null, null, null, null,
                null, null);
        assertArrayEquals(AXON.serialize(sparse, byte[].class).getData(), StoredEventJson.write(sparse));
    }

    @Test
    void readsWhatAxonReadsIgnoringUnknownFields() {
        byte[] stored = StoredEventJson.write(EVENT);
        assertEquals(AXON.deserialize(new SimpleSerializedObject<>(stored, byte[].class,
                AXON.typeForClass(InteractionEventRecorded.class))), StoredEventJson.read(stored));
        assertEquals(EVENT, StoredEventJson.read(stored));
        assertEquals(new InteractionEventRecorded("i", null, null, 2, null, null, null, null, null, null),
                StoredEventJson.read("{\"interactionId\":\"i\",\"later\":{\"a\":[1]},\"schemaVersion\":2,\"topic\":null}"
                        .getBytes()));
        assertThrows(IllegalArgumentException.class, () -> StoredEventJson.read("[1]".getBytes()));
    }

    @Test
    void parsesInstantsAsInstantParseDoes() {
        for (String text : new String[] {"2026-11-24T17:15:51Z", "2026-11-24T17:15:51.1Z", "2026-11-24T17:15:51.123Z",
                "2026-11-24T17:15:51.123456Z", "2026-11-24T17:15:51.123456789Z", "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999Z", "+12026-11-24T17:15:51Z", "2026-11-24T17:15:51+01:00",
                "2026-11-24T17:15:51.Z"}) {
            assertEquals(Instant.parse(text), StoredEventJson.instant(text), text);
        }
        assertThrows(RuntimeException.class, () -> StoredEventJson.instant("2026-02-30T00:00:00Z"));
    }
}
