package dev.exceptionledger.ledger.api;

import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Verdict;

import java.util.Map;

/**
 * The funnel. Every count reconciles: {@code received = accepted + rejected},
 * {@code accepted = classified + pending.notYetClassified},
 * {@code classified = sum(routed) + pending.notYetRouted}; stalled, reviewed, outcomes and agentActions are subsets
 * of accepted.
 *
 * @param received     everything that reached intake, rejected included (the denominator)
 * @param routed       interactions per latest routing outcome (a reroute replaces the decision it corrects)
 * @param reviewed     interactions per latest verdict
 * @param deadLettered interactions with at least one dead-lettered message
 * @param stalled      interactions the ledger found not routed within the deadline
 * @param outcomes     interactions per latest outcome reported back, with the sum of their values
 * @param missedOpportunityValue sum of the estimated values of MISSED_OPPORTUNITY verdicts
 * @param agentActions interactions per the agent's canonical action (contracts' AgentActions), of those an agent
 *                     decided on; {@code other} counts actions nobody mapped, each a reason to look
 */
public record FunnelResponse(
        long received,
        long rejected,
        long accepted,
        long classified,
        Map<RoutingOutcome, Long> routed,
        Map<Verdict, Long> reviewed,
        long deadLettered,
        Pending pending,
        Stalled stalled,
        Map<String, Outcome> outcomes,
        double missedOpportunityValue,
        Map<String, Long> agentActions) {

    public record Pending(long notYetClassified, long notYetRouted) {
    }

    /** @param stillOpen not routed yet; {@code completedLate} were routed after the ledger had found them stalled */
    public record Stalled(long total, long stillOpen, long completedLate) {
    }

    public record Outcome(long count, double value) {
    }
}
