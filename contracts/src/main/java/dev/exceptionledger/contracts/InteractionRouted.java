package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The routing decision and the rule that made it.
 *
 * @param team        the human team for ESCALATED and REROUTED, else null
 * @param fromTeam    for REROUTED: the team it was taken from
 * @param reason      for DISCARDED: why; otherwise the main reason code
 * @param explanation one line a human can read
 * @param reasonCodes every reason code of the decision, the main one first (e.g. AGENT_BLIND_SPOT, HIGH_VALUE)
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
        String explanation,
        List<String> reasonCodes) {

    public static final String TYPE = "InteractionRouted";

    /** The decision without the reason codes added later (kept for existing callers). */
    public InteractionRouted(RoutingOutcome outcome, String team, String fromTeam, String priority,
                             Instant slaDeadline, String reason, String ruleId, String policyVersion,
                             String explanation) {
        this(outcome, team, fromTeam, priority, slaDeadline, reason, ruleId, policyVersion, explanation, null);
    }
}
