package dev.exceptionledger.ledger.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunnelDeltaTest {

    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void mergesToTheSameRowInAnyOrder() {
        FunnelDelta a = received();
        FunnelDelta b = routed("ESCALATED", "support", T.plusSeconds(5));
        FunnelDelta c = routed("REROUTED", "sales", T.plusSeconds(9));

        FunnelDelta forward = received().merge(b).merge(c);
        FunnelDelta backward = routed("REROUTED", "sales", T.plusSeconds(9)).merge(b).merge(a);

        for (FunnelDelta merged : new FunnelDelta[] {forward, backward}) {
            assertEquals("REROUTED", merged.routingOutcome);
            assertEquals("sales", merged.routingTeam);
            assertEquals(T, merged.firstSeen);
            assertEquals(T, merged.receivedAt);
            assertEquals("web", merged.channel);
            assertEquals("other", merged.agentAction);
            assertTrue(merged.received);
        }
    }

    private static FunnelDelta received() {
        FunnelDelta delta = new FunnelDelta("i-1", T);
        delta.received = true;
        delta.receivedAt = T;
        delta.channel = "web";
        delta.agentAction = "other";
        return delta;
    }

    private static FunnelDelta routed(String outcome, String team, Instant at) {
        FunnelDelta delta = new FunnelDelta("i-1", at);
        delta.routingOutcome = outcome;
        delta.routingTeam = team;
        delta.routedAt = at;
        return delta;
    }
}
