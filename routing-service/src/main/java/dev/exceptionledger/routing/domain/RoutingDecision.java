package dev.exceptionledger.routing.domain;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.RoutingOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the policy decided for one interaction, and why.
 *
 * @param team        the human team, null when nobody needs to act
 * @param fromTeam    for REROUTED: the intent's team it was taken from
 * @param priority    for escalations and reroutes, else null
 * @param sla         how long the team has, else null
 * @param slaDeadline when a human must have acted, else null
 * @param reasonCodes the rule's reason first, e.g. AGENT_BLIND_SPOT, then NOVEL and HIGH_VALUE when they hold
 * @param reason      the main reason code; for DISCARDED the rule's reason
 * @param explanation one line a human can read, with the evidence
 */
public record RoutingDecision(
        RoutingOutcome outcome,
        String team,
        String fromTeam,
        String priority,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration sla,
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
        return new InteractionRouted(outcome, team, fromTeam, priority, slaDeadline, reason, ruleId, policyVersion,
                explanation, reasonCodes);
    }

    /** The packet a human reads first: the question, who asked, what the agent did; the rest is in classification. */
    public HandoffRequested toHandoff(InteractionClassified classification) {
        InteractionReceived interaction = classification.interaction();
        String question = interaction == null ? null : Stream.of(interaction.subject(), interaction.text())
                .filter(Objects::nonNull).filter(s -> !s.isBlank()).collect(Collectors.joining(" — "));
        return new HandoffRequested(team, priority, slaDeadline, reasonCodes, ruleId, policyVersion, explanation,
                classification, question, interaction == null ? null : interaction.contact(),
                interaction == null ? null : interaction.agentDecision(), sla == null ? null : sla.toString());
    }
}
