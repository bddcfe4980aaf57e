package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.List;

/**
 * An interaction that passed intake's validation; recorded before anything decides about it.
 *
 * @param receivedAt when intake received it
 * @param occurredAt when it happened at the source: for an imported interaction its original time (from the
 *                   export), for live traffic null (it happened when it was received)
 * @param importId   the import that brought it in ({@code POST /imports}), null for live traffic: an imported
 *                   interaction is history, looked at retrospectively, never delivered to live queues
 * @param importLine its line in that import's file
 */
public record InteractionReceived(
        String channel,
        String subject,
        String text,
        Contact contact,
        List<ConversationTurn> turns,
        AgentDecision agentDecision,
        String externalId,
        String idempotencyKey,
        Instant receivedAt,
        Instant occurredAt,
        String importId,
        Long importLine) {

    public static final String TYPE = "InteractionReceived";

    /** Live traffic, as producers wrote it before imports existed. */
    public InteractionReceived(String channel, String subject, String text, Contact contact,
                               List<ConversationTurn> turns, AgentDecision agentDecision, String externalId,
                               String idempotencyKey, Instant receivedAt) {
        this(channel, subject, text, contact, turns, agentDecision, externalId, idempotencyKey, receivedAt,
                null, null, null);
    }

    /** Came in through an import rather than live. */
    public boolean imported() {
        return importId != null;
    }

    /** When it happened: the source's time for an import, else when intake received it. */
    public Instant happenedAt() {
        return occurredAt != null ? occurredAt : receivedAt;
    }
}
