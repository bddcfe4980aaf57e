package dev.exceptionledger.ledger.query;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.OutcomeReported;
import dev.exceptionledger.contracts.RoutingOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadFieldsTest {

    private final List<IOException> unreadable = new ArrayList<>();

    @Test
    void readsTheNamedFieldsIntoTheRecordAndNothingElse() {
        InteractionRouted routed = PayloadFields.of(InteractionRouted.class, "outcome", "team").read(
                "{\"outcome\":\"ESCALATED\",\"ruleId\":\"r-1\",\"reasonCodes\":[\"A\"],\"team\":\"sales\"}",
                unreadable::add);

        assertEquals(RoutingOutcome.ESCALATED, routed.outcome());
        assertEquals("sales", routed.team());
        assertNull(routed.ruleId());
        assertNull(routed.reasonCodes());
        assertTrue(unreadable.isEmpty());
    }

    @Test
    void stopsReadingOnceItHasEveryField() {
        // what follows the intent is never parsed, so it cannot make the payload unreadable
        InteractionClassified classified = PayloadFields.of(InteractionClassified.class, "intent")
                .read("{\"intent\":\"pricing\",\"interaction\":{\"text\":", unreadable::add);

        assertEquals("pricing", classified.intent());
        assertTrue(unreadable.isEmpty());
    }

    @Test
    void takesAFieldOfAnotherJsonKindAsAbsent() {
        OutcomeReported reported = PayloadFields.of(OutcomeReported.class, "outcome", "value")
                .read("{\"outcome\":\"WON\",\"value\":\"a lot\"}", unreadable::add);

        assertEquals("WON", reported.outcome());
        assertNull(reported.value());
        assertNull(PayloadFields.of(InteractionReceived.class, "channel").read("{\"channel\":7}", unreadable::add)
                .channel());
        assertEquals(12_000.0, PayloadFields.of(OutcomeReported.class, "value")
                .read("{\"value\":12000}", unreadable::add).value());
    }

    @Test
    void refusesAValueTheContractDoesNotKnow() {
        PayloadFields<InteractionRouted> fields = PayloadFields.of(InteractionRouted.class, "outcome");

        assertThrows(IllegalArgumentException.class, () -> fields.read("{\"outcome\":\"SIDEWAYS\"}", unreadable::add));
    }

    @Test
    void keepsWhatItReadBeforeAnUnreadablePart() {
        InteractionRouted routed = PayloadFields.of(InteractionRouted.class, "outcome", "team")
                .read("{\"outcome\":\"DISCARDED\",\"why\":[1,}", unreadable::add);

        assertEquals(RoutingOutcome.DISCARDED, routed.outcome());
        assertNull(routed.team());
        assertEquals(1, unreadable.size());
        assertNull(PayloadFields.of(InteractionReceived.class, "channel").read(null, unreadable::add).channel());
    }

    @Test
    void refusesANameTheRecordLacks() {
        assertThrows(IllegalArgumentException.class, () -> PayloadFields.of(InteractionReceived.class, "chanel"));
        assertThrows(IllegalArgumentException.class, () -> PayloadFields.of(InteractionReceived.class, "contact"));
        assertThrows(IllegalArgumentException.class,
                () -> PayloadFields.of(InteractionReceived.class, "agentDecision.actoin"));
        assertThrows(IllegalArgumentException.class, () -> PayloadFields.of(InteractionReceived.class, "channel.x"));
    }

    private static final PayloadFields<InteractionReceived> AGENT_ACTION = PayloadFields.of(
            InteractionReceived.class, "channel", "agentDecision.action", "agentDecision.canonicalAction");

    @Test
    void readsTheNamedFieldsOfANestedRecord() {
        InteractionReceived received = AGENT_ACTION.read("{\"channel\":\"chat\",\"text\":\"t\",\"turns\":[{\"text\":"
                + "\"hi\"}],\"agentDecision\":{\"label\":\"x\",\"confidence\":0.4,\"action\":\"resolved\","
                + "\"canonicalAction\":\"closed\"},\"externalId\":\"e-1\"}", unreadable::add);

        assertEquals("chat", received.channel());
        assertEquals(new AgentDecision(null, null, "resolved", "closed"), received.agentDecision());
        assertNull(received.text());
        assertNull(received.externalId());
        assertNull(AGENT_ACTION.read("{\"channel\":\"chat\",\"agentDecision\":\"closed\"}", unreadable::add)
                .agentDecision());
        assertTrue(unreadable.isEmpty());
    }

    @Test
    void keepsWhatItReadOfANestedRecordBeforeAnUnreadablePart() {
        InteractionReceived received = AGENT_ACTION.read("{\"channel\":\"chat\",\"agentDecision\":{\"action\":"
                + "\"parked\",\"why\":[1,}", unreadable::add);

        assertEquals("chat", received.channel());
        assertEquals(new AgentDecision(null, null, "parked"), received.agentDecision());
        assertEquals(1, unreadable.size());
    }
}
