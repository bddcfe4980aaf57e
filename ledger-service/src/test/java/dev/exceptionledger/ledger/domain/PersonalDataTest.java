package dev.exceptionledger.ledger.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.ShadowComparison;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.support.PersonalSeal;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonalDataTest {

    private static final InteractionReceived RECEIVED = new InteractionReceived("web", "ERP?", "Does it fit our ERP?",
            new Contact("Dana Buyer", "Dana@Example.com", "CFO", "Acme", 500),
            List.of(new ConversationTurn("customer", "I am Dana", null)), null, null, null, null);

    @Test
    void derivesTheContactIdFromTheNormalisedEmail() {
        JsonNode payload = Json.tree(RECEIVED);

        String subject = PersonalData.subjectOf(InteractionReceived.TYPE, payload, "i-1").orElseThrow();

        assertEquals(PersonalFields.contactIdOfEmail(" dana@example.COM "), subject);
        assertTrue(subject.matches("[0-9a-f]{64}"));
    }

    @Test
    void fallsBackToNameAndCompanyThenToTheInteraction() {
        JsonNode byName = Json.tree(Map.of("channel", "web", "contact", Map.of("name", " Dana  Buyer", "company", "ACME")));
        JsonNode sameName = Json.tree(Map.of("channel", "web", "contact", Map.of("name", "dana buyer", "company", "acme")));
        JsonNode anonymous = Json.tree(Map.of("channel", "web", "text", "hi"));

        assertEquals(PersonalData.subjectOf("X", byName, "i-1"), PersonalData.subjectOf("X", sameName, "i-2"));
        assertNotEquals(PersonalData.subjectOf("X", anonymous, "i-1"), PersonalData.subjectOf("X", anonymous, "i-2"));
        assertTrue(PersonalData.subjectOf("X", Json.tree(Map.of("intent", "pricing")), "i-1").isEmpty());
    }

    @Test
    void encryptsPersonalFieldsWhereverTheInteractionIsNestedAndDecryptsThemWithTheKey() {
        JsonNode payload = Json.tree(new InteractionClassified("pricing", 0.9, 0.1, false, 0.5, List.of(), true,
                "sales", false, List.of(), List.of(), "m-1", "t-1", RECEIVED));
        SecretKey key = PersonalSeal.newKey();

        PersonalData.protect(InteractionClassified.TYPE, payload, key);

        String stored = Json.write(payload);
        assertNoPlainTextHolds(payload, "Dana", "ERP", "CFO");
        assertTrue(stored.contains("Acme") && stored.contains("pricing"), stored);
        assertFalse(PersonalSeal.openAll(payload, key));
        assertEquals(Json.tree(RECEIVED), payload.get("interaction"));
    }

    @Test
    void encryptsAHandoffsSummaryAsWellAsTheInteractionInIt() {
        Map<String, Object> contact = Map.of("name", "Dana Buyer", "email", "dana@example.com", "title", "CFO",
                "company", "Acme");
        JsonNode handoff = Json.tree(Map.of("team", "sales", "question", "ERP? Does it fit our ERP?",
                "contact", contact, "classification", Map.of("intent", "integration",
                        "interaction", Map.of("channel", "web", "text", "Does it fit our ERP?", "contact", contact))));

        assertEquals(PersonalFields.contactIdOfEmail("dana@example.com"),
                PersonalData.subjectOf("HandoffRequested", handoff, "i-1").orElseThrow());
        PersonalData.protect("HandoffRequested", handoff, null);

        String stored = Json.write(handoff);
        assertNoPlainTextHolds(handoff, "Dana", "ERP", "CFO");
        assertTrue(stored.contains("Acme") && stored.contains("integration") && stored.contains("sales"), stored);
    }

    @Test
    void sealsTextDerivedFromThePersonButNotTheFactsAboutTheDecision() {
        SecretKey key = PersonalSeal.newKey();
        JsonNode classified = Json.tree(new InteractionClassified("integration", 0.9, 0.8, true, 0.7,
                List.of(new ValueSignal("SENIOR_ROLE", "title=CFO", 0.4)), false, "sales", true,
                List.of("title 'CFO' is C-level", "mentions 'erp', 'sap'"), List.of(), "m-1", "t-1", RECEIVED,
                List.of("NOVEL"), null, new ShadowComparison("faq", "closed", 0.9, "integration", 0.9, false, true,
                List.of("closed a CFO's question"), null)));
        JsonNode routed = Json.tree(new InteractionRouted(RoutingOutcome.ESCALATED, "sales", null, "P1", null,
                "HIGH_VALUE", "r-1", "p-1", "high value (title=CFO, companySize=800, erp, sap)",
                List.of("HIGH_VALUE", "NOVEL")));
        JsonNode review = Json.tree(new ReviewRecorded("rv-1", Verdict.MISSED_OPPORTUNITY, "rita",
                "CFO of an 800-person company asking about SAP", "sales", null, null, 5000.0, null, null));
        for (JsonNode payload : List.of(classified, routed, review)) {
            assertTrue(PersonalFields.holdsAny(payload), payload.toString());
        }
        assertTrue(PersonalData.subjectOf(InteractionRouted.TYPE, routed, "i-1").isEmpty(),
                "routing's decision names no contact: its interaction's subject seals it");

        PersonalData.protect(InteractionClassified.TYPE, classified, key);
        PersonalData.protect(InteractionRouted.TYPE, routed, key);
        PersonalData.protect(ReviewRecorded.TYPE, review, key);

        String stored = Json.write(classified) + Json.write(routed) + Json.write(review);
        // long strings: a short one could turn up in base64 by chance
        for (String personal : List.of("title=CFO", "C-level", "'erp', 'sap'", "companySize=800", "800-person",
                "closed a CFO's", "Dana Buyer")) {
            assertFalse(stored.contains(personal), personal + " in " + stored);
        }
        assertEquals("SENIOR_ROLE", classified.at("/valueSignals/0/name").asText());
        assertEquals(0.7, classified.get("valueScore").asDouble());
        assertEquals("NOVEL", classified.at("/flags/0").asText());
        assertEquals("HIGH_VALUE", routed.at("/reasonCodes/0").asText());
        assertEquals("sales", routed.get("team").asText());
        assertEquals("MISSED_OPPORTUNITY", review.get("verdict").asText());
        assertEquals(2, classified.get("reasons").size(), "each reason sealed on its own: the count stays");

        assertTrue(PersonalSeal.openAll(classified, null));
        assertEquals(PersonalSeal.ERASED, classified.at("/reasons/1").asText());
        assertEquals(PersonalSeal.ERASED, classified.at("/shadow/evidence/0").asText());
        assertFalse(PersonalSeal.openAll(routed, key));
        assertEquals("high value (title=CFO, companySize=800, erp, sap)", routed.get("explanation").asText());
    }

    @Test
    void readsErasedFieldsAsErasedWithoutTheKey() {
        JsonNode payload = Json.tree(RECEIVED);
        PersonalData.protect(InteractionReceived.TYPE, payload, PersonalSeal.newKey());

        assertTrue(PersonalSeal.openAll(payload, null));

        assertEquals(PersonalSeal.ERASED, payload.at("/contact/email").asText());
        assertEquals(PersonalSeal.ERASED, payload.at("/turns/0/text").asText());
        assertEquals(PersonalSeal.ERASED, payload.get("subject").asText());
        assertEquals("Acme", payload.at("/contact/company").asText());
    }

    @Test
    void streamingRevealWritesWhatTheTreeRevealGives() throws Exception {
        SecretKey key = PersonalSeal.newKey();
        ObjectNode payload = (ObjectNode) Json.tree(new InteractionClassified("pricing", 0.9, 0.1, false, 0.5,
                List.of(new ValueSignal("SENIOR_ROLE", "title=CFO", 0.4)), true, "sales", false, List.of("a", "b"),
                List.of(), "m-1", "t-1", RECEIVED));
        PersonalData.protect(InteractionClassified.TYPE, payload, key);
        // the stored form goes by a scan of its text; anything a scan could misread, by the parser
        List<String> stored = List.of(Json.write(payload),
                Json.write(payload.deepCopy().set("tags", Json.tree(List.of("x", "enc:not-sealed-in-an-array")))),
                Json.write(payload.deepCopy().put("enc:a-key", "x")),
                Json.write(payload.deepCopy().set("nested", Json.mapper().readTree("{\"a\":2,\"enc:key-after-comma\":1}"))),
                Json.write(payload.deepCopy().put("note", "enc:not \"sealed\" ü\n")),
                payload.toPrettyString());

        for (String text : stored) {
            for (SecretKey withKey : new SecretKey[] {key, null}) {
                JsonNode tree = Json.mapper().readTree(text);
                boolean treeErased = PersonalSeal.openAll(tree, withKey);
                StringWriter streamed = new StringWriter();
                boolean streamErased;
                try (JsonGenerator out = Json.mapper().getFactory().createGenerator(streamed)) {
                    streamErased = PersonalData.revealTo(text, withKey, out);
                }

                assertEquals(Json.write(tree), streamed.toString(), text);
                assertEquals(treeErased, streamErased);
                assertEquals(withKey == null, streamErased);
            }
        }
    }

    @Test
    void sealsADeadLettersRawValueUnderTheContactOfTheEnvelopeInIt() {
        String raw = Json.write(Map.of("type", "InteractionReceived", "payload", RECEIVED));
        JsonNode payload = Json.tree(new MessageDeadLettered("interactions.received", 0, 1, "c", "boom", raw));

        assertEquals(PersonalFields.contactIdOfEmail("dana@example.com"),
                PersonalData.subjectOf(MessageDeadLettered.TYPE, payload, "i-1").orElseThrow());
        PersonalData.protect(MessageDeadLettered.TYPE, payload, null);
        assertEquals(PersonalSeal.ERASED, payload.get("rawValue").asText());
    }

    /** Looks only at the texts left in clear: a sealed one is base64, where three letters can turn up by chance. */
    private static void assertNoPlainTextHolds(JsonNode payload, String... words) {
        List<String> plain = new ArrayList<>();
        collectPlainTexts(payload, plain);
        for (String text : plain) {
            for (String word : words) {
                assertFalse(text.contains(word), word + " in clear in " + payload);
            }
        }
    }

    private static void collectPlainTexts(JsonNode node, List<String> plain) {
        if (node.isTextual() && !node.asText().startsWith(PersonalSeal.PREFIX)) {
            plain.add(node.asText());
        }
        node.forEach(child -> collectPlainTexts(child, plain));
    }
}
