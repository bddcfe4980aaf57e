package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredEventJsonTest {

    private static final JacksonSerializer AXON = JacksonSerializer.builder()
            .objectMapper(Json.configure(new ObjectMapper())).build();

    private static final InteractionEventRecorded EVENT = new InteractionEventRecorded("i-1", "e-1",
            "InteractionReceived", 1, Instant.parse("2026-11-24T17:15:51.123456Z"), "intake@1", "i-1", null,
            "interactions.received", "{\"text\":\"enc:abc\",\"q\":\"\\\"quoted\\\" ü\"}",
            "4bf92f3577b34da6a3ce929d0e0e4736", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    @Test
    void writesAxonsJsonWithThePayloadAsJsonNotAsAString() throws Exception {
        ObjectNode axons = (ObjectNode) Json.mapper().readTree(AXON.serialize(EVENT, byte[].class).getData());
        axons.set("payload", Json.mapper().readTree(EVENT.payload()));
        byte[] written = StoredEventJson.write(EVENT);
        assertEquals(axons, Json.mapper().readTree(written));
        assertTrue(new String(written, StandardCharsets.UTF_8).contains(",\"payload\":{\"text\":\"enc:abc\","),
                "stored as JSON, compact");
        InteractionEventRecorded sparse = new InteractionEventRecorded("i-2", "e-2", "X", 1, null, null, null, null,
                null, null, null, null);
        assertArrayEquals(AXON.serialize(sparse, byte[].class).getData(), StoredEventJson.write(sparse));
    }

    @Test
    void readsBothFormsIgnoringUnknownFields() {
        assertEquals(EVENT, StoredEventJson.read(StoredEventJson.write(EVENT)));
        // rows stored before the payload was JSON: Axon's form, the payload a string
        byte[] older = AXON.serialize(EVENT, byte[].class).getData();
        assertEquals(AXON.deserialize(new SimpleSerializedObject<>(older, byte[].class,
                AXON.typeForClass(InteractionEventRecorded.class))), StoredEventJson.read(older));
        assertEquals(EVENT, StoredEventJson.read(older));
        assertEquals(new InteractionEventRecorded("i", null, null, 2, null, null, null, null, null, "[1,{\"b\":\"é\"}]",
                        null, null),
                StoredEventJson.read("{\"interactionId\":\"i\",\"later\":{\"a\":[1]},\"schemaVersion\":2,\"topic\":null,"
                        .concat("\"payload\":[1,{\"b\":\"é\"}]}").getBytes(StandardCharsets.UTF_8)));
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
