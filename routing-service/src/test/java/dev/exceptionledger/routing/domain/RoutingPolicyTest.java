package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.routing.Classifications;
import dev.exceptionledger.routing.Policies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.exceptionledger.routing.Classifications.routine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped default policy, deploy/policy/default.yaml, as packaged. */
class RoutingPolicyTest {

    private static final Instant NOW = Instant.parse("2025-01-15T10:00:05Z");

    private final RoutingPolicy policy = Policies.shippedDefault();

    private RoutingDecision decide(InteractionClassified classified) {
        return policy.decide(classified, NOW);
    }

    @Test
    void escalatesTheSeedCfoCaseTheAgentClosedAsABlindSpot() {
        RoutingDecision decision = decide(Classifications.cfo());

        assertEquals(RoutingOutcome.ESCALATED, decision.outcome());
        assertEquals("agent-blind-spot-value", decision.ruleId());
        assertEquals(List.of("AGENT_BLIND_SPOT", "HIGH_VALUE"), decision.reasonCodes());
        assertEquals("AGENT_BLIND_SPOT", decision.reason());
        assertEquals("sales", decision.team());
        assertEquals("P1", decision.priority());
        assertEquals("default-1", decision.policyVersion());
        assertEquals("Escalated to sales (P1) by rule agent-blind-spot-value: agentAction closed ∈ [closed, "
                + "deflected, answered], value 0.80 ≥ 0.50 (title=CFO, companySize=800, ERP)", decision.explanation());
    }

    @Test
    void givesTheCfoCasesHandoffTheQuestionTitleAndCompanySize() {
        InteractionClassified cfo = Classifications.cfo();
        HandoffRequested handoff = decide(cfo).toHandoff(cfo);

        assertEquals("Quick one: does your product integrate with our ERP? We are evaluating options.",
                handoff.question());
        assertEquals("CFO", handoff.contact().title());
        assertEquals(800, handoff.contact().companySize());
        assertEquals("closed", handoff.agentDecision().action());
        assertEquals("PT1H", handoff.sla());
        assertEquals(NOW.plus(Duration.ofHours(1)), handoff.slaDeadline());
        assertEquals(cfo.valueSignals(), handoff.classification().valueSignals());
    }

    @Test
    void sendsANovelCaseTheAgentDeflectedToTheDefaultTeamAsABlindSpot() {
        RoutingDecision decision = decide(routine().intent("password_reset", 0.95).novel(0.93)
                .agentAction("Deflected").build());

        assertEquals("agent-blind-spot-novel", decision.ruleId());
        assertEquals(List.of("AGENT_BLIND_SPOT", "NOVEL"), decision.reasonCodes());
        assertEquals("P1", decision.priority());
        // only novel: the intent is a guess, so is its team
        assertEquals("support", decision.team());
        // the canonical action; the agent's own word differs only in case
        assertTrue(decision.explanation().contains("agentAction deflected ∈ [closed, deflected, answered], "
                + "novel"), decision.explanation());
    }

    @Test
    void anAgentsOwnWordForClosingIsABlindSpotByItsCanonicalAction() {
        RoutingDecision resolved = decide(routine().intent("password_reset", 0.95).novel(0.93)
                .agentAction("resolved").build());
        RoutingDecision mappedByIntake = decide(routine().intent("password_reset", 0.95).novel(0.93)
                .agentAction("wrapped_up", "closed").build());

        assertEquals("agent-blind-spot-novel", resolved.ruleId());
        assertTrue(resolved.explanation().contains("agentAction closed ('resolved') ∈ [closed, deflected, answered], "
                + "novel"), resolved.explanation());
        assertEquals("agent-blind-spot-novel", mappedByIntake.ruleId());
    }

    @Test
    void namesNoveltyAndValueWhenBothApply() {
        RoutingDecision decision = decide(routine().novel(0.88).team("sales")
                .value(0.7, new ValueSignal("SENIOR_ROLE", "title=VP Finance", 0.4)).agentAction("closed").build());

        assertEquals(List.of("AGENT_BLIND_SPOT", "NOVEL", "HIGH_VALUE"), decision.reasonCodes());
        assertEquals("sales", decision.team());
    }

    @Test
    void leavesARoutineQuestionTheAgentAnsweredToTheAgent() {
        RoutingDecision decision = decide(routine().build());

        assertEquals(RoutingOutcome.AGENT_HANDLED, decision.outcome());
        assertEquals("agent-routine", decision.ruleId());
        assertNull(decision.team());
        assertNull(decision.slaDeadline());
        assertFalse(decision.handsOff());
        assertEquals("Left to the agent by rule agent-routine: agentMayHandle, confidence 0.92 ≥ 0.70, not novel, "
                + "value 0.05 < 0.50", decision.explanation());
    }

    @Test
    void discardsConfidentSpamThatIsNeitherNovelNorValuable() {
        RoutingDecision decision = decide(routine().intent("spam", 0.97).agentMayHandle(false).build());

        assertEquals(RoutingOutcome.DISCARDED, decision.outcome());
        assertEquals("discard-spam", decision.ruleId());
        assertEquals("spam", decision.reason());
        assertNull(decision.team());
        assertTrue(decision.explanation().startsWith("Discarded (spam) by rule discard-spam: intent spam ∈ [spam], "
                + "confidence 0.97 ≥ 0.90"), decision.explanation());
    }

    @Test
    void keepsSpamThatIsUnsureNovelOrValuable() {
        assertEquals("default", decide(routine().intent("spam", 0.85).agentMayHandle(false).build()).ruleId());
        assertEquals("novel", decide(routine().intent("spam", 0.95).novel(0.9).agentMayHandle(false)
                .agentAction(null).build()).ruleId());
        assertEquals("high-value", decide(routine().intent("spam", 0.95).value(0.6).agentMayHandle(false)
                .agentAction(null).build()).ruleId());
    }

    @Test
    void escalatesANovelCaseAtP2ToTheDefaultTeam() {
        RoutingDecision decision = decide(routine().intent("billing_question", 0.41).team("finance").novel(0.87)
                .agentAction(null).build());

        assertEquals("novel", decision.ruleId());
        assertEquals(List.of("NOVEL"), decision.reasonCodes());
        assertEquals("support", decision.team());
        assertEquals("P2", decision.priority());
        assertEquals(NOW.plus(Duration.ofHours(4)), decision.slaDeadline());
    }

    @Test
    void escalatesAnAgentIntentBelowTheConfidenceThresholdAtP3() {
        RoutingDecision decision = decide(routine().intent("password_reset", 0.55).build());

        assertEquals("low-confidence", decision.ruleId());
        assertEquals(List.of("LOW_CONFIDENCE"), decision.reasonCodes());
        assertEquals("P3", decision.priority());
        assertEquals(NOW.plus(Duration.ofHours(24)), decision.slaDeadline());
    }

    @Test
    void escalatesAnIntentTheAgentMayNotHandleToItsTeamByDefault() {
        RoutingDecision decision = decide(routine().intent("contract_renewal", 0.88).team("account-management")
                .agentMayHandle(false).build());

        assertEquals("default", decision.ruleId());
        assertEquals(List.of("POLICY_RULE"), decision.reasonCodes());
        assertEquals("account-management", decision.team());
        assertEquals("Escalated to account-management (P3) by rule default: no earlier rule applied (intent "
                + "'contract_renewal' at confidence 0.88)", decision.explanation());
        assertEquals("support", decide(routine().intent("misc", 0.9).team(null).agentMayHandle(false).build())
                .team());
    }

    @Test
    void turnsADecisionIntoARoutedEventWithEveryReasonCode() {
        InteractionRouted routed = decide(Classifications.cfo()).toRouted();

        assertEquals(RoutingOutcome.ESCALATED, routed.outcome());
        assertEquals("agent-blind-spot-value", routed.ruleId());
        assertEquals("default-1", routed.policyVersion());
        assertEquals(List.of("AGENT_BLIND_SPOT", "HIGH_VALUE"), routed.reasonCodes());
        assertEquals("AGENT_BLIND_SPOT", routed.reason());
    }

    @Test
    void refusesAClassificationWithoutIntentOrWithScoresOutOfRange() {
        InteractionClassified bad = new InteractionClassified(" ", 1.2, 0.1, false, Double.NaN, null, true,
                "support", false, null, null, "m", "t", null);

        InvalidClassificationException e = assertThrows(InvalidClassificationException.class, () -> decide(bad));
        assertEquals(List.of("intent", "confidence", "valueScore"), e.violations().stream().map(Violation::field)
                .toList());
    }
}
