package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.RoutingOutcome;

import java.time.Instant;
import java.util.List;

/**
 * What the policy decided for one interaction, and why.
 *
 * @param team        the human team, null when nobody needs to act
 * @param priority    P1..P3 for escalations, else null
 * @param slaDeadline when a human must have acted, else null
 * @param reasonCodes e.g. AGENT_BLIND_SPOT, HIGH_VALUE, NOVEL, LOW_CONFIDENCE, POLICY_RULE
 * @param reason      the main reason code; for DISCARDED the discarded intent
 * @param explanation one line a human can read, with the evidence
 */
public record RoutingDecision(
        RoutingOutcome outcome,
        String team,
        String priority,
        Instant slaDeadline,
        List<String> reasonCodes,
        String reason,
        String ruleId,
        String policyVersion,
        String explanation) {

    /** Whether a human team must take the interaction over. */
    public boolean handsOff() {
        return outcome == RoutingOutcome.ESCALATED || outcome == RoutingOutcome.REROUTED;
    }

    public InteractionRouted toRouted() {
        return new InteractionRouted(outcome, team, null, priority, slaDeadline, reason, ruleId, policyVersion,
                explanation);
    }

    public HandoffRequested toHandoff(InteractionClassified classification) {
        return new HandoffRequested(team, priority, slaDeadline, reasonCodes, ruleId, policyVersion, explanation,
                classification);
    }
}
