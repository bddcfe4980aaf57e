package dev.exceptionledger.ledger.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One recorded fact.
 *
 * @param sequence   its position in the interaction's ledger (0 = first recorded)
 * @param recordedAt when the ledger appended it; {@code occurredAt} is when its producer says it happened
 * @param position   its position in the global order (the replay's and the chain's)
 * @param hash       its chain hash (hex), null for an event recorded before the chain existed
 * @param contactId  the subject whose key encrypts its personal fields, null when it has none
 * @param erased     its personal fields were erased and read as {@code [erased]}
 * @param traceId    the OpenTelemetry trace it was published in (open it in the trace viewer), null if untraced
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
        JsonNode payload,
        long position,
        String hash,
        String contactId,
        boolean erased,
        String traceId) {
}
