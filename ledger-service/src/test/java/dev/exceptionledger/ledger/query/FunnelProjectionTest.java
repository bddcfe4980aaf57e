package dev.exceptionledger.ledger.query;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FunnelProjectionTest {

    private static String agentActionOf(AgentDecision decision) {
        InteractionReceived received = new InteractionReceived("chat", null, "Any news?", null, null, decision,
                "e-1", null, null);
        return FunnelProjection.delta(new InteractionEventRecorded("i-1", "e-1", InteractionReceived.TYPE, 1,
                Instant.parse("2026-12-01T09:00:00Z"), "intake", "i-1", null, "interactions.received",
                Json.write(received), null, null)).agentAction;
    }

    @Test
    void countsTheAgentsCanonicalActionAsIntakeMappedIt() {
        assertEquals("closed", agentActionOf(new AgentDecision("x", null, "wrapped_up", "closed")));
        assertEquals("other", agentActionOf(new AgentDecision("x", null, "parked", "other")));
        assertEquals("none", agentActionOf(new AgentDecision("x", null, null, "none")));
    }

    @Test
    void mapsTheRawActionOfEventsRecordedBeforeIntakeMappedActions() {
        assertEquals("closed", agentActionOf(new AgentDecision("x", 0.5, "resolved")));
        assertEquals("other", agentActionOf(new AgentDecision("x", 0.5, "parked")));
    }

    @Test
    void countsACanonicalActionItDoesNotKnowAsOtherAndNoDecisionNotAtAll() {
        assertEquals("other", agentActionOf(new AgentDecision("x", null, "hmm", "pondered")));
        assertNull(agentActionOf(null));
    }
}
