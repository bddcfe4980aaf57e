package dev.exceptionledger.ledger.api;

import dev.exceptionledger.contracts.RoutingOutcome;

import java.time.Duration;
import java.time.Instant;

/** The facts the ledger records itself (they travel on no topic). */
public final class LedgerFacts {
    private LedgerFacts() { }

    /** Received {@code deadline} ago or more and still not routed: something on the way dropped it or is stuck. */
    public record InteractionStalled(Instant receivedAt, Duration deadline, Instant detectedAt) {
        public static final String TYPE = "InteractionStalled";
    }

    /** A stalled interaction was routed after all. */
    public record StalledInteractionCompleted(Instant stalledAt, RoutingOutcome outcome, Instant routedAt,
                                              Instant detectedAt) {
        public static final String TYPE = "StalledInteractionCompleted";
    }
}
