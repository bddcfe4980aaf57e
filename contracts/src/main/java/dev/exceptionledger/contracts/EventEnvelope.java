package dev.exceptionledger.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope of every event on every topic.
 *
 * @param eventId       unique per fact; consumers are idempotent by it
 * @param type          the payload's type, e.g. {@link InteractionReceived#TYPE}
 * @param schemaVersion bumped only for a breaking change of that type's payload
 * @param producer      service@version that wrote the event
 * @param correlationId the same for every event of one interaction's journey
 * @param causationId   eventId of the event that caused this one (null for the first)
 * @param subject       the contactId whose key seals the payload's personal values ({@link PersonalFields}), the same
 *                      for every event of one interaction's journey; null when the payload holds none
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int schemaVersion,
        String interactionId,
        Instant occurredAt,
        String producer,
        String correlationId,
        String causationId,
        JsonNode payload,
        String subject) {

    public static final int SCHEMA_VERSION = 1;

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(interactionId, "interactionId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /**
     * The first event of an interaction's journey: a fresh eventId, correlated by the interaction itself, its subject
     * that of the contact in the payload (else the interaction's own, {@link PersonalFields#contactIdOf}).
     */
    public static EventEnvelope first(String type, String interactionId, String producer, Object payload) {
        JsonNode tree = Json.tree(payload);
        return new EventEnvelope(UUID.randomUUID(), type, SCHEMA_VERSION, interactionId, Instant.now(),
                producer, interactionId, null, tree, PersonalFields.contactIdOf(tree, interactionId).orElse(null));
    }

    /**
     * An event caused by {@code cause}. Its eventId is derived from the cause's eventId and the type, so a
     * stage that processes the same input twice (at-least-once delivery) emits the same eventId twice and
     * every downstream consumer drops the copy. It belongs to the cause's subject.
     */
    public static EventEnvelope causedBy(EventEnvelope cause, String type, String producer, Object payload) {
        UUID derived = UUID.nameUUIDFromBytes((cause.eventId() + "/" + type).getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope(derived, type, SCHEMA_VERSION, cause.interactionId(), Instant.now(),
                producer, cause.correlationId(), cause.eventId().toString(), Json.tree(payload), cause.subject());
    }

    public <T> T payloadAs(Class<T> payloadType) {
        return Json.convert(payload, payloadType);
    }

    public String toJson() {
        return Json.write(this);
    }
}
