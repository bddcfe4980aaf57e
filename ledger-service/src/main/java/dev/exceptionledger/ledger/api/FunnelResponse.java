package dev.exceptionledger.ledger.api;

import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Verdict;

import java.util.Map;

/**
 * The funnel. Every count reconciles: {@code received = accepted + rejected},
 * {@code accepted = classified + pending.notYetClassified},
 * {@code classified = sum(routed) + pending.notYetRouted}.
 *
 * @param received     everything that reached intake, rejected included (the denominator)
 * @param routed       interactions per latest routing outcome
 * @param reviewed     interactions per latest verdict
 * @param deadLettered interactions with at least one dead-lettered message
 */
public record FunnelResponse(
        long received,
        long rejected,
        long accepted,
        long classified,
        Map<RoutingOutcome, Long> routed,
        Map<Verdict, Long> reviewed,
        long deadLettered,
        Pending pending) {

    public record Pending(long notYetClassified, long notYetRouted) {
    }
}
