package dev.exceptionledger.ledger.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One recorded fact.
 *
 * @param sequence   its position in the interaction's ledger (0 = first recorded)
 * @param recordedAt when the ledger appended it; {@code occurredAt} is when its producer says it happened
 */
public record TimelineEntry(
        long sequence,
        String eventId,
        String type,
        Instant occurredAt,
        Instant recordedAt,
        String producer,
        String topic,
        String correlationId,
        String causationId,
        JsonNode payload) {
}
