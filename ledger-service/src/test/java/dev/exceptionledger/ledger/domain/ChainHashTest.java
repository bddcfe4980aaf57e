package dev.exceptionledger.ledger.domain;

import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ChainHashTest {

    private static final StoredEvent ROW = new StoredEvent(7, "i-1", 0, "InteractionLedger", "e-1",
            "{}".getBytes(StandardCharsets.UTF_8), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), null,
            "Recorded", "2025-01-01T00:00:00.000Z", "InteractionReceived", Instant.parse("2025-01-01T00:00:00Z"), null);

    @Test
    void isAFunctionOfThePredecessorAndTheRow() {
        assertArrayEquals(ChainHash.next(ChainHash.GENESIS, ROW), ChainHash.next(ChainHash.GENESIS, ROW));
        assertFalse(java.util.Arrays.equals(ChainHash.next(ChainHash.GENESIS, ROW),
                ChainHash.next(ChainHash.next(ChainHash.GENESIS, ROW), ROW)));
    }

    @Test
    void changesWithAnyColumn() {
        byte[] hash = ChainHash.next(ChainHash.GENESIS, ROW);
        StoredEvent[] edits = {
                new StoredEvent(8, "i-1", 0, "InteractionLedger", "e-1", ROW.metadata(), ROW.payload(), null,
                        "Recorded", ROW.timestamp(), "InteractionReceived", ROW.occurredAt(), null),
                new StoredEvent(7, "i-1", 0, "InteractionLedger", "e-1", ROW.metadata(),
                        "{\"a\":2}".getBytes(StandardCharsets.UTF_8), null, "Recorded", ROW.timestamp(),
                        "InteractionReceived", ROW.occurredAt(), null),
                new StoredEvent(7, "i-1", 0, "InteractionLedger", "e-1", ROW.metadata(), ROW.payload(), null,
                        "Recorded", ROW.timestamp(), "InteractionReceived", ROW.occurredAt().plusNanos(1000), null),
                new StoredEvent(7, "i-1", 0, "InteractionLedger", "e-1", ROW.metadata(), ROW.payload(), null,
                        "Recorded", ROW.timestamp(), "InteractionReceived", ROW.occurredAt(), "someone"),
                // the same characters split differently between two columns
                new StoredEvent(7, "i-1", 0, "InteractionLedger", "e-", ROW.metadata(), ROW.payload(), "1",
                        "Recorded", ROW.timestamp(), "InteractionReceived", ROW.occurredAt(), null),
        };
        for (StoredEvent edit : edits) {
            assertFalse(java.util.Arrays.equals(hash, ChainHash.next(ChainHash.GENESIS, edit)), edit.toString());
        }
    }
}
