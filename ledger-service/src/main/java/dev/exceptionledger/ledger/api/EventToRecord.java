package dev.exceptionledger.ledger.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One fact to record in an interaction's ledger: an envelope read from a topic, or a fact the ledger writes itself
 * (a dead letter, a stall, an erasure). The ledger appends it to the event store itself, in batches (no Axon
 * command or aggregate); recording the same {@code eventId} again is a no-op.
 *
 * @param topic   the topic the ledger read it from, null for the ledger's own facts
 * @param payload the envelope's payload, kept as it is but for its encrypted personal fields (the append seals a
 *                copy, never this tree)
 * @param traceId the OpenTelemetry trace the fact was published in (its record's {@code traceparent}; for the
 *                ledger's own facts, the current span's), null when it was not traced
 * @param subject the subject its producer sealed its personal values for (the envelope's), null when it named none:
 *                then the ledger finds it in the payload ({@code PersonalData#subjectOf})
 */
public record EventToRecord(
        String interactionId,
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String producer,
        String correlationId,
        String causationId,
        String topic,
        JsonNode payload,
        String traceId,
        String subject) {
}
