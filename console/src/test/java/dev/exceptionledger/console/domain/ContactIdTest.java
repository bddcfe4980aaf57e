package dev.exceptionledger.console.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContactIdTest {

    @Test
    void anEmailIsTheLedgersSubjectHash() {
        // sha256("email:dana@meridian.example"), as ledger-service's README defines the contactId
        String expected = "10c82efca9248ee10fae625d9b0ef1a0543f1267c0fd7893919f7cfa533dcbcf";
        assertEquals(expected, ContactId.of("dana@meridian.example"));
        assertEquals(expected, ContactId.of("  Dana@Meridian.EXAMPLE "));
    }

    @Test
    void aContactIdIsKeptAsItIs() {
        String id = "a".repeat(64);
        assertEquals(id, ContactId.of(id));
    }

    @Test
    void anythingElseIsRefusedWithWhatToGive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContactId.of("Dana Reyes"));
        assertEquals("'Dana Reyes' is neither an email nor a contactId (64 hex characters)", e.getMessage());
    }
}
