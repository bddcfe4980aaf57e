package dev.exceptionledger.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonalFieldsTest {

    private static final Contact DANA = new Contact("Dana Buyer", "dana@example.com", "CFO", "Acme", 800);
    private static final InteractionReceived RECEIVED = new InteractionReceived("email", "SAP question",
            "Does it fit our SAP?", DANA, List.of(new ConversationTurn("customer", "I am Dana", null)), null, null, null,
            null);

    @Test
    void erasesEveryPersonalValueOfAHandoffAndKeepsTheFacts() {
        InteractionClassified classification = new InteractionClassified("integration", 0.8, 0.9, true, 0.7,
                List.of(new ValueSignal("SENIOR_ROLE", "title=CFO", 0.4)), false, "sales", true,
                List.of("title 'CFO' is C-level"), List.of(), "m-1", "t-1", RECEIVED, List.of("NOVEL"), null,
                new ShadowComparison("faq", "closed", null, "integration", 0.8, false, true, List.of("closed it"), null));
        JsonNode handoff = Json.tree(new HandoffRequested("sales", "P1", null, List.of("HIGH_VALUE"), "r-1", "p-1",
                "high value (title=CFO, companySize=800)", classification, "SAP question\nDoes it fit our SAP?", DANA,
                null, "PT1H"));

        assertTrue(PersonalFields.holdsAny(handoff));
        PersonalFields.replace(handoff, value -> PersonalFields.ERASED);

        String erased = Json.write(handoff);
        for (String personal : List.of("Dana", "dana@", "CFO", "SAP", "companySize=800", "closed it")) {
            assertFalse(erased.contains(personal), personal + " in " + erased);
        }
        for (String fact : List.of("Acme", "800", "SENIOR_ROLE", "HIGH_VALUE", "NOVEL", "integration", "email")) {
            assertTrue(erased.contains(fact), fact + " missing from " + erased);
        }
        assertEquals(1, handoff.at("/classification/reasons").size());
    }

    @Test
    void findsTheSubjectByEmailThenNameAndCompanyThenInteraction() {
        assertEquals(PersonalFields.contactIdOfEmail(" DANA@example.com"),
                PersonalFields.contactIdOf(Json.tree(RECEIVED), "i-1").orElseThrow());
        JsonNode byName = Json.tree(Map.of("channel", "web", "contact", Map.of("name", "Dana  Buyer ", "company", "ACME")));
        JsonNode sameName = Json.tree(Map.of("channel", "web", "contact", Map.of("name", "dana buyer", "company", "acme")));
        assertEquals(PersonalFields.contactIdOf(byName, "i-1"), PersonalFields.contactIdOf(sameName, "i-2"));
        assertEquals(PersonalFields.contactIdOfInteraction("i-3"),
                PersonalFields.contactIdOf(Json.tree(Map.of("channel", "web", "text", "hi")), "i-3").orElseThrow());
        JsonNode routed = Json.tree(new InteractionRouted(RoutingOutcome.DISCARDED, null, null, null, null, "spam",
                "r-1", "p-1", "spam"));
        assertTrue(PersonalFields.contactIdOf(routed, "i-4").isEmpty());
        assertTrue(PersonalFields.holdsAny(routed), "its explanation is about the interaction");
        assertFalse(PersonalFields.holdsAny(Json.tree(Map.of("intent", "pricing", "reasonCodes", List.of("NOVEL")))));
    }
}
