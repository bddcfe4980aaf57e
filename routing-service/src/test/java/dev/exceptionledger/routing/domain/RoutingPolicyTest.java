package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.routing.Classifications;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.exceptionledger.routing.Classifications.routine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingPolicyTest {

    private static final Instant NOW = Instant.parse("2025-01-15T10:00:05Z");

    private static PolicySettings settings(Map<String, Duration> sla) {
        return new PolicySettings("thresholds-1", 0.70, 0.5, Set.of("spam"), 0.9,
                Set.of("closed", "deflected", "answered"), "support", sla);
    }

    private final RoutingPolicy policy = new RoutingPolicy(settings(
            Map.of("P1", Duration.ofHours(1), "P2", Duration.ofHours(4), "P3", Duration.ofHours(24))));

    private RoutingDecision decide(InteractionClassified classified) {
        return policy.decide(classified, NOW);
    }

    @Test
    void escalatesTheSeedCfoCaseTheAgentClosedAsABlindSpot() {
        RoutingDecision decision = decide(Classifications.cfo());

        assertEquals(RoutingOutcome.ESCALATED, decision.outcome());
        assertEquals("agent-blind-spot", decision.ruleId());
        assertEquals(List.of("AGENT_BLIND_SPOT", "HIGH_VALUE"), decision.reasonCodes());
        assertEquals("AGENT_BLIND_SPOT", decision.reason());
        assertEquals("sales", decision.team());
        assertEquals("P1", decision.priority());
        assertEquals("thresholds-1", decision.policyVersion());
        assertEquals("Escalated to sales (P1): agent closed it, but value 0.80 ≥ 0.50 "
                + "(title=CFO, companySize=800, ERP)", decision.explanation());
    }

    @Test
    void blindSpotBeatsAgentRoutineForANovelCaseTheAgentDeflected() {
        RoutingDecision decision = decide(routine().intent("password_reset", 0.95).novel(0.93)
                .agentAction("Deflected").build());

        assertEquals("agent-blind-spot", decision.ruleId());
        assertEquals(List.of("AGENT_BLIND_SPOT", "NOVEL"), decision.reasonCodes());
        assertEquals("P1", decision.priority());
        // only novel: the intent is a guess, so is its team
        assertEquals("support", decision.team());
        assertTrue(decision.explanation().contains("agent deflected it, but it is novel (novelty 0.93)"),
                decision.explanation());
    }

    @Test
    void blindSpotNamesNoveltyAndValueWhenBothApply() {
        RoutingDecision decision = decide(routine().novel(0.88).team("sales")
                .value(0.7, new ValueSignal("SENIOR_ROLE", "title=VP Finance", 0.4)).agentAction("closed").build());

        assertEquals(List.of("AGENT_BLIND_SPOT", "NOVEL", "HIGH_VALUE"), decision.reasonCodes());
        assertEquals("sales", decision.team());
        assertEquals("Escalated to sales (P1): agent closed it, but it is novel (novelty 0.88) and value 0.70 ≥ 0.50 "
                + "(title=VP Finance)", decision.explanation());
    }

    @Test
    void leavesARoutineQuestionTheAgentAnsweredToTheAgent() {
        RoutingDecision decision = decide(routine().build());

        assertEquals(RoutingOutcome.AGENT_HANDLED, decision.outcome());
        assertEquals("agent-routine", decision.ruleId());
        assertNull(decision.team());
        assertNull(decision.priority());
        assertNull(decision.slaDeadline());
        assertFalse(decision.handsOff());
        assertEquals("Left to the agent: 'password_reset' is an agent intent and confidence 0.92 ≥ 0.70",
                decision.explanation());
    }

    @Test
    void discardsConfidentSpamThatIsNeitherNovelNorValuable() {
        RoutingDecision decision = decide(routine().intent("spam", 0.97).agentMayHandle(false).build());

        assertEquals(RoutingOutcome.DISCARDED, decision.outcome());
        assertEquals("discard-spam", decision.ruleId());
        assertEquals("spam", decision.reason());
        assertNull(decision.team());
        assertNull(decision.slaDeadline());
        assertEquals("Discarded as spam: confidence 0.97 ≥ 0.90, not novel, value 0.05 < 0.50",
                decision.explanation());
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
    void escalatesAHighValueCaseAtP1ToTheIntentsTeam() {
        RoutingDecision decision = decide(routine().intent("pricing", 0.9).team("sales").agentMayHandle(false)
                .agentAction("escalated").value(0.65, new ValueSignal("LARGE_COMPANY", "companySize=2000", 0.3),
                        new ValueSignal("BUYING_SIGNAL", null, 0.3)).build());

        assertEquals("high-value", decision.ruleId());
        assertEquals(RoutingOutcome.ESCALATED, decision.outcome());
        assertEquals(List.of("HIGH_VALUE"), decision.reasonCodes());
        assertEquals("sales", decision.team());
        assertEquals("P1", decision.priority());
        assertEquals("Escalated to sales (P1): value 0.65 ≥ 0.50 (companySize=2000, BUYING_SIGNAL)",
                decision.explanation());
    }

    @Test
    void escalatesANovelCaseAtP2ToTheDefaultTeam() {
        RoutingDecision decision = decide(routine().intent("billing_question", 0.41).team("finance").novel(0.87)
                .agentAction(null).build());

        assertEquals("novel", decision.ruleId());
        assertEquals(List.of("NOVEL"), decision.reasonCodes());
        assertEquals("support", decision.team());
        assertEquals("P2", decision.priority());
        assertEquals("Escalated to support (P2): it is novel (novelty 0.87), like no known intent; "
                + "closest 'billing_question' at confidence 0.41", decision.explanation());
    }

    @Test
    void escalatesAnAgentIntentBelowTheConfidenceThresholdAtP3() {
        RoutingDecision decision = decide(routine().intent("password_reset", 0.55).build());

        assertEquals("low-confidence", decision.ruleId());
        assertEquals(List.of("LOW_CONFIDENCE"), decision.reasonCodes());
        assertEquals("support", decision.team());
        assertEquals("P3", decision.priority());
        assertEquals("Escalated to support (P3): 'password_reset' is an agent intent, but confidence 0.55 < 0.70",
                decision.explanation());
    }

    @Test
    void escalatesAnIntentTheAgentMayNotHandleToItsTeamByDefault() {
        RoutingDecision decision = decide(routine().intent("contract_renewal", 0.88).team("account-management")
                .agentMayHandle(false).build());

        assertEquals("default", decision.ruleId());
        assertEquals(List.of("POLICY_RULE"), decision.reasonCodes());
        assertEquals("account-management", decision.team());
        assertEquals("P3", decision.priority());
        assertTrue(decision.explanation().contains("'contract_renewal' is not an intent the agent may handle"));
    }

    @Test
    void fallsBackToTheDefaultTeamWhenTheIntentHasNone() {
        assertEquals("support", decide(routine().intent("misc", 0.9).team(null).agentMayHandle(false).build()).team());
    }

    @Test
    void computesTheSlaDeadlineFromThePriority() {
        assertEquals(NOW.plus(Duration.ofHours(1)), decide(Classifications.cfo()).slaDeadline());
        assertEquals(NOW.plus(Duration.ofHours(4)), decide(routine().novel(0.9).agentAction(null).build()).slaDeadline());
        assertEquals(NOW.plus(Duration.ofHours(24)), decide(routine().intent("password_reset", 0.3).build())
                .slaDeadline());
    }

    @Test
    void turnsAnEscalationIntoARoutedEventAndAHandoffCarryingTheClassification() {
        InteractionClassified cfo = Classifications.cfo();
        RoutingDecision decision = decide(cfo);

        assertTrue(decision.handsOff());
        InteractionRouted routed = decision.toRouted();
        assertEquals(RoutingOutcome.ESCALATED, routed.outcome());
        assertEquals("agent-blind-spot", routed.ruleId());
        assertEquals("thresholds-1", routed.policyVersion());
        assertEquals(decision.slaDeadline(), routed.slaDeadline());
        HandoffRequested handoff = decision.toHandoff(cfo);
        assertEquals("sales", handoff.team());
        assertEquals(List.of("AGENT_BLIND_SPOT", "HIGH_VALUE"), handoff.reasonCodes());
        assertEquals(decision.explanation(), handoff.explanation());
        assertEquals(cfo, handoff.classification());
    }

    @Test
    void refusesAClassificationWithoutIntentOrWithScoresOutOfRange() {
        InteractionClassified bad = new InteractionClassified(" ", 1.2, 0.1, false, Double.NaN, null, true,
                "support", false, null, null, "m", "t", null);

        InvalidClassificationException e = assertThrows(InvalidClassificationException.class, () -> decide(bad));
        assertEquals(List.of("intent", "confidence", "valueScore"), e.violations().stream().map(Violation::field)
                .toList());
    }

    @Test
    void listsItsRulesInOrderWithTheirThresholds() {
        assertEquals(List.of("discard-spam", "agent-blind-spot", "high-value", "novel", "agent-routine",
                "low-confidence", "default"), policy.rules().stream().map(RoutingPolicy.Rule::id).toList());
        assertEquals("an intent the agent may handle with confidence ≥ 0.70 → AGENT_HANDLED",
                policy.rules().get(4).description());
    }

    @Test
    void refusesSettingsWithoutAnSlaForEveryPriority() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("P1", Duration.ofHours(1), "P3", Duration.ofHours(24))));
        assertTrue(e.getMessage().contains("sla.P2"), e.getMessage());
    }
}
