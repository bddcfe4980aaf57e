package dev.exceptionledger.contracts;

import java.time.Instant;

/**
 * The routing decision and the rule that made it.
 *
 * @param team        the human team for ESCALATED and REROUTED, else null
 * @param fromTeam    for REROUTED: the team it was taken from
 * @param reason      for DISCARDED: why; otherwise the main reason code
 * @param explanation one line a human can read
 */
public record InteractionRouted(
        RoutingOutcome outcome,
        String team,
        String fromTeam,
        String priority,
        Instant slaDeadline,
        String reason,
        String ruleId,
        String policyVersion,
        String explanation) {

    public static final String TYPE = "InteractionRouted";
}
