package dev.exceptionledger.ledger.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Record one fact in an interaction's ledger: an envelope read from a topic, or a dead letter the ledger itself
 * writes down. Recording the same {@code eventId} again is a no-op.
 *
 * @param topic   the topic the ledger read it from
 * @param payload the envelope's payload as JSON text, kept verbatim
 */
public record RecordEventCommand(
        @TargetAggregateIdentifier String interactionId,
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String producer,
        String correlationId,
        String causationId,
        String topic,
        String payload) {
}
