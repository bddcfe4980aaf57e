package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.InteractionClassified;
import org.junit.jupiter.api.Test;

import static dev.exceptionledger.routing.Classifications.routine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FieldTest {

    @Test
    void agentActionIsTheCanonicalActionAndAgentActionRawTheAgentsOwnWord() {
        InteractionClassified mappedByIntake = routine().agentAction("wrapped_up", "closed").build();
        InteractionClassified older = routine().agentAction("Handed Off").build();

        assertEquals("closed", Field.AGENT_ACTION.of(mappedByIntake));
        assertEquals("wrapped_up", Field.AGENT_ACTION_RAW.of(mappedByIntake));
        // an event from before intake mapped actions: the shipped table maps the raw word
        assertEquals("escalated", Field.AGENT_ACTION.of(older));
        assertEquals("Handed Off", Field.AGENT_ACTION_RAW.of(older));
    }

    @Test
    void aDecisionWithoutAnActionIsNoneAndNoDecisionIsAbsent() {
        InteractionClassified noAction = routine().agentAction(null, "none").build();
        InteractionClassified noDecision = routine().agentAction(null).build();

        assertEquals("none", Field.AGENT_ACTION.of(noAction));
        assertNull(Field.AGENT_ACTION_RAW.of(noAction));
        assertNull(Field.AGENT_ACTION.of(noDecision));
        assertNull(Field.AGENT_ACTION_RAW.of(noDecision));
    }
}
