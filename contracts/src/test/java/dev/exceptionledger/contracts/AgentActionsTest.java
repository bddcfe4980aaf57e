package dev.exceptionledger.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentActionsTest {

    private static final AgentActions TABLE = AgentActions.DEFAULT;

    @Test
    void mapsWhatRealAgentsWriteOntoTheCanonicalActions() {
        assertEquals("closed", TABLE.canonical("resolved"));
        assertEquals("closed", TABLE.canonical("Closed"));
        assertEquals("escalated", TABLE.canonical("handed_off"));
        assertEquals("answered", TABLE.canonical("auto_replied"));
        assertEquals("deflected", TABLE.canonical("routed_to_faq"));
        assertEquals("none", TABLE.canonical("snoozed"));
        assertEquals("ignored", TABLE.canonical("ignored"));
        assertEquals("none", TABLE.canonical("no_action"));
    }

    @Test
    void comparesCaseAndSeparatorInsensitively() {
        for (String spelling : List.of("handed_off", "Handed Off", "handed-off", "HandedOff", " handed.off ")) {
            assertEquals("escalated", TABLE.canonical(spelling), spelling);
        }
    }

    @Test
    void anUnknownActionIsOtherAndNoActionIsNone() {
        assertEquals("other", TABLE.canonical("parked"));
        assertEquals("other", TABLE.canonical("---"));
        assertEquals("none", TABLE.canonical(null));
    }

    @Test
    void everyCanonicalActionMapsToItself() {
        for (String canonical : AgentActions.CANONICAL) {
            assertEquals(canonical, TABLE.canonical(canonical));
        }
    }

    @Test
    void addsConfiguredWordsWhichWinOverTheShippedOnes() {
        AgentActions configured = TABLE.with(Map.of("closed", List.of("parked", "wrapped up", "Snoozed")));

        assertEquals("closed", configured.canonical("Parked"));
        assertEquals("closed", configured.canonical("wrapped_up"));
        assertEquals("closed", configured.canonical("resolved"));
        assertEquals("closed", configured.canonical("snoozed"));
        assertEquals("none", configured.canonical("no_action"));
        assertEquals("escalated", configured.canonical("handed_off"));
        assertEquals("other", TABLE.canonical("parked"));
        assertEquals("none", TABLE.canonical("snoozed"));
    }

    @Test
    void refusesATableThatIsNotOneMapping() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TABLE.with(Map.of("clozed", List.of("parked"))));
        assertTrue(unknown.getMessage().startsWith("'clozed' is not a canonical agent action"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TABLE.with(Map.of("other", List.of("parked"))));

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> TABLE.with(Map.of("closed", List.of("parked"), "none", List.of("Parked"))));
        assertTrue(twice.getMessage().matches("'[pP]arked' would mean both (closed and none|none and closed): keep it "
                + "in the synonyms of one of them"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TABLE.with(Map.of("closed", List.of("escalated"))));
        assertThrows(IllegalArgumentException.class, () -> TABLE.with(Map.of("closed", List.of(" - "))));
    }

    @Test
    void aDecisionFromBeforeIntakeMappedActionsIsMappedWithTheShippedTable() {
        AgentDecision older = Json.read("{\"label\":\"billing\",\"action\":\"resolved\"}", AgentDecision.class);
        AgentDecision mapped = new AgentDecision("billing", null, "resolved", "escalated");

        assertEquals("closed", older.canonical());
        assertEquals("escalated", mapped.canonical());
        assertEquals("none", new AgentDecision("billing", 0.5, null).canonical());
    }

    @Test
    void writesTheCanonicalActionBesideTheRawOneAndNothingDerived() {
        assertEquals("{\"label\":\"billing\",\"action\":\"resolved\",\"canonicalAction\":\"closed\"}",
                Json.write(new AgentDecision("billing", null, "resolved", "closed")));
        assertEquals("{\"label\":\"billing\",\"action\":\"resolved\"}",
                Json.write(new AgentDecision("billing", null, "resolved")));
    }
}
