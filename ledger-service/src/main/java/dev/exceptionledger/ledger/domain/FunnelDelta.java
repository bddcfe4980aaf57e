package dev.exceptionledger.ledger.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What some events say about one interaction's funnel row. Merging is commutative and idempotent (flags are ORed,
 * first-seen is the minimum, each decision keeps the one that occurred last), so the events of a batch merge into
 * one upsert and a replay in any order ends with the same row. The SQL upsert applies the same rules.
 */
public final class FunnelDelta {
    public final String interactionId;
    public Instant firstSeen;
    public boolean received;
    public boolean rejected;
    public boolean classified;
    public boolean deadLettered;
    public Instant receivedAt;
    public String channel;
    /** The agent's canonical action, when an agent decided (contracts' AgentActions). */
    public String agentAction;
    public String intent;
    /** The import that brought it in; null for live traffic. */
    public String importId;
    /** When it happened at the source, for an import; null for live traffic. */
    public Instant occurredAt;
    /** The sender's id for it, when it gave one. */
    public String externalId;
    public String routingOutcome;
    public String routingTeam;
    public Instant routedAt;
    public String verdict;
    public Double missedValue;
    public Instant reviewedAt;
    public String outcome;
    public Double outcomeValue;
    public Instant outcomeAt;
    public Instant stalledAt;
    public boolean stallCompleted;

    public FunnelDelta(String interactionId, Instant occurredAt) {
        this.interactionId = Objects.requireNonNull(interactionId);
        this.firstSeen = occurredAt;
    }

    public FunnelDelta merge(FunnelDelta other) {
        firstSeen = min(firstSeen, other.firstSeen);
        received |= other.received;
        rejected |= other.rejected;
        classified |= other.classified;
        deadLettered |= other.deadLettered;
        stallCompleted |= other.stallCompleted;
        receivedAt = min(receivedAt, other.receivedAt);
        stalledAt = min(stalledAt, other.stalledAt);
        channel = channel != null ? channel : other.channel;
        agentAction = agentAction != null ? agentAction : other.agentAction;
        intent = intent != null ? intent : other.intent;
        importId = importId != null ? importId : other.importId;
        occurredAt = occurredAt != null ? occurredAt : other.occurredAt;
        externalId = externalId != null ? externalId : other.externalId;
        if (later(other.routedAt, routedAt)) {
            routingOutcome = other.routingOutcome;
            routingTeam = other.routingTeam;
            routedAt = other.routedAt;
        }
        if (later(other.reviewedAt, reviewedAt)) {
            verdict = other.verdict;
            missedValue = other.missedValue;
            reviewedAt = other.reviewedAt;
        }
        if (later(other.outcomeAt, outcomeAt)) {
            outcome = other.outcome;
            outcomeValue = other.outcomeValue;
            outcomeAt = other.outcomeAt;
        }
        return this;
    }

    /** The same rule as the upsert: the newer decision wins, a tie goes to the one applied last. */
    private static boolean later(Instant candidate, Instant current) {
        return candidate != null && (current == null || !candidate.isBefore(current));
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
