package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.List;

/** An interaction that passed intake's validation; recorded before anything decides about it. */
public record InteractionReceived(
        String channel,
        String subject,
        String text,
        Contact contact,
        List<ConversationTurn> turns,
        AgentDecision agentDecision,
        String externalId,
        String idempotencyKey,
        Instant receivedAt) {

    public static final String TYPE = "InteractionReceived";
}
