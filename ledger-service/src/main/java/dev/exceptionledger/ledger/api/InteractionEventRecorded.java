package dev.exceptionledger.ledger.api;

import java.time.Instant;

/**
 * The ledger's one event: a fact of an interaction's journey, as it was published (or, for a dead letter, as the
 * ledger found it). {@code type} is the envelope type, e.g. InteractionClassified or MessageDeadLettered.
 *
 * @param payload the envelope's payload as JSON text
 * @param traceId the OpenTelemetry trace the fact was published in, null when it was not traced (or was recorded
 *                before the ledger kept trace ids)
 * @param sealedFor the subject its producer sealed its personal values for before publishing (the envelope's
 *                  {@code subject}): its topic's records are erased with the key too; null when the producer did not
 *                  seal them (then only the ledger's copy is sealed)
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
        String traceId,
        String sealedFor) {
}
