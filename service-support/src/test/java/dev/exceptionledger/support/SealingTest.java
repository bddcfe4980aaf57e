package dev.exceptionledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SealingTest {

    private static final String RECEIVED = """
            {"channel":"email","subject":"ERP integration","text":"Does it work with SAP S/4HANA?",
             "contact":{"name":"Dana Whitfield","email":"dana@acme.example","title":"CFO","company":"Acme",
                        "companySize":800},
             "turns":[{"role":"customer","text":"Hello, Dana here"}]}""";

    /** The key store's answers: a key per subject, created on first ask; an erased subject maps to null. */
    private final Map<String, SecretKey> store = new HashMap<>();
    private int calls;
    private final SubjectKeys keys = new SubjectKeys() {
        @Override
        public Map<String, SecretKey> keysFor(Collection<String> subjects) {
            calls++;
            Map<String, SecretKey> found = new HashMap<>();
            for (String subject : subjects) {
                if (!store.containsKey(subject)) {
                    store.put(subject, PersonalSeal.newKey());
                }
                found.put(subject, store.get(subject));
            }
            return found;
        }

        @Override
        public void forget(Collection<String> subjects) {
        }
    };
    private final Sealing sealing = new Sealing(() -> keys, true);

    @Test
    void whatIsWrittenHoldsNoPersonalValueInClearAndReadsBackWhole() {
        EventEnvelope written = received("i-1");
        String subject = written.subject();
        assertEquals(PersonalFields.contactIdOfEmail("dana@acme.example"), subject);

        sealing.seal(written);
        String wire = written.toJson();
        // the sealed values' base64 left out: by chance it may hold three letters such as CFO
        String clear = wire.replaceAll("enc:[A-Za-z0-9+/=]+", "enc:");
        for (String personal : List.of("Dana", "dana@acme.example", "CFO", "SAP", "ERP integration")) {
            assertFalse(clear.contains(personal), personal + " is on the wire in clear: " + wire);
        }
        // not personal: stays readable for the funnel and the rules
        assertTrue(wire.contains("\"company\":\"Acme\"") && wire.contains("\"companySize\":800"), wire);

        EventEnvelope read = EnvelopeInput.read(wire);
        sealing.open(List.of(read));
        assertEquals(Json.read(RECEIVED, JsonNode.class), read.payload());
    }

    @Test
    void whatADownstreamStageDerivesIsSealedUnderTheSameSubjectAndSealedValuesAreNotSealedTwice() {
        EventEnvelope received = sealing.seal(received("i-2"));
        String sealedText = received.payload().get("text").asText();
        EventEnvelope classified = EventEnvelope.causedBy(received, InteractionClassified.TYPE, "test",
                Map.of("interaction", received.payload(), "reasons", List.of("title 'CFO' is C-level")));
        assertEquals(received.subject(), classified.subject());

        sealing.seal(List.of(classified), true);
        assertEquals(sealedText, classified.payload().at("/interaction/text").asText());
        assertTrue(PersonalSeal.isSealed(classified.payload().at("/reasons/0").asText()));
        sealing.open(List.of(classified));
        assertEquals("title 'CFO' is C-level", classified.payload().at("/reasons/0").asText());
    }

    @Test
    void anErasedSubjectsValuesReadErasedAndNewOnesAreWrittenErased() {
        EventEnvelope written = sealing.seal(received("i-3"));
        store.put(written.subject(), null);

        sealing.open(List.of(written));
        assertEquals(PersonalSeal.ERASED, written.payload().at("/contact/email").asText());
        assertEquals(PersonalSeal.ERASED, written.payload().at("/turns/0/text").asText());

        EventEnvelope later = sealing.seal(received("i-4"));
        assertEquals(PersonalSeal.ERASED, later.payload().get("text").asText());
    }

    @Test
    void theKeyStoreIsAskedOncePerBatchAndNotForEventsWithoutPersonalValues() {
        List<EventEnvelope> batch = List.of(received("i-5"), received("i-6"),
                EventEnvelope.first("AuditRunCompleted", "run-1", "test", Map.of("picked", 3)));
        sealing.seal(batch, true);
        assertEquals(1, calls);
        sealing.open(batch);
        assertEquals(2, calls);
        sealing.open(List.of(batch.get(2)));
        assertEquals(2, calls);
    }

    @Test
    void personalValuesWithoutASubjectAreRefusedRatherThanSentInClear() {
        EventEnvelope nameless = new EventEnvelope(UUID.randomUUID(), "ReviewRecorded", 1, "i-7",
                Instant.now(), "test", "i-7", null, Json.tree(Map.of("note", "asked about SAP")), null);
        assertThrows(IllegalStateException.class, () -> sealing.seal(nameless));
    }

    @Test
    void aWarmUpsRehearsalAsksNoKeyAndLeavesThePayloadsAsTheyWere() {
        List<EventEnvelope> batch = List.of(received("i-9"), received("i-10"));
        Sealing.rehearse(batch);
        assertEquals(0, calls);
        for (EventEnvelope envelope : batch) {
            assertEquals(Json.read(RECEIVED, JsonNode.class), envelope.payload());
        }
    }

    @Test
    void disabledItLeavesPayloadsAsTheyAre() {
        EventEnvelope written = new Sealing(() -> keys, false).seal(received("i-8"));
        assertEquals("Does it work with SAP S/4HANA?", written.payload().get("text").asText());
        assertEquals(0, calls);
    }

    @Test
    void storedPayloadsAreOpenedWithOneCallAndAnUnreachableStoreIsNotWaitedFor() {
        EventEnvelope first = sealing.seal(received("i-5"));
        EventEnvelope second = sealing.seal(received("i-6"));
        int before = calls;
        List<Sealing.Stored> stored = List.of(new Sealing.Stored(first.subject(), first.payload().deepCopy()),
                new Sealing.Stored(second.subject(), second.payload().deepCopy()));
        sealing.openStored(stored);
        assertEquals(before + 1, calls, "one call for all");
        stored.forEach(one -> assertEquals(Json.read(RECEIVED, JsonNode.class), one.payload()));

        Sealing unreachable = new Sealing(() -> new SubjectKeys() {
            @Override
            public Map<String, SecretKey> keysFor(Collection<String> subjects) {
                throw new SubjectKeysUnavailableException("the ledger is down", null);
            }

            @Override
            public void forget(Collection<String> subjects) {
            }
        }, true);
        assertThrows(SubjectKeysUnavailableException.class, () -> unreachable.openStored(
                List.of(new Sealing.Stored(first.subject(), first.payload().deepCopy()))));
    }

    private static EventEnvelope received(String interactionId) {
        return EventEnvelope.first(InteractionReceived.TYPE, interactionId, "test",
                Json.read(RECEIVED, JsonNode.class));
    }
}
