package dev.exceptionledger.ledger.api;

import java.time.Instant;

/**
 * The ledger's one event: a fact of an interaction's journey, as it was published (or, for a dead letter, as the
 * ledger found it). {@code type} is the envelope type, e.g. InteractionClassified or MessageDeadLettered.
 *
 * @param payload the envelope's payload as JSON text
 * @param traceId the OpenTelemetry trace the fact was published in, null when it was not traced (or was recorded
 *                before the ledger kept trace ids)
 */
public record InteractionEventRecorded(
        String interactionId,
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String producer,
        String correlationId,
        String causationId,
        String topic,
        String payload,
        String traceId) {
}
