package dev.exceptionledger.review.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A review item as taken from a HandoffRequested envelope: the columns a queue is sorted and filtered by,
 * and the whole payload as the packet a reviewer reads.
 */
public record HandoffItem(
        UUID handoffEventId,
        String interactionId,
        String team,
        String priority,
        Instant slaDeadline,
        String reasonCodes,
        String ruleId,
        String policyVersion,
        String explanation,
        String intent,
        Double confidence,
        Double novelty,
        Double valueScore,
        JsonNode packet,
        String channel,
        String agentAction,
        String taxonomyVersion,
        ItemSource source,
        String externalId,
        String contactId) {

    /** Throws {@link IllegalArgumentException} when the handoff cannot be queued (no team or no deadline). */
    public static HandoffItem from(EventEnvelope envelope) {
        if (!HandoffRequested.TYPE.equals(envelope.type())) {
            throw new IllegalArgumentException("not a " + HandoffRequested.TYPE + ": " + envelope.type());
        }
        if (envelope.payload() == null || !envelope.payload().isObject()) {
            throw new IllegalArgumentException(HandoffRequested.TYPE + " " + envelope.eventId() + " has no payload");
        }
        HandoffRequested handoff = envelope.payloadAs(HandoffRequested.class);
        if (handoff.team() == null || handoff.team().isBlank()) {
            throw new IllegalArgumentException(HandoffRequested.TYPE + " " + envelope.eventId() + " names no team");
        }
        if (handoff.slaDeadline() == null) {
            throw new IllegalArgumentException(HandoffRequested.TYPE + " " + envelope.eventId() + " has no slaDeadline");
        }
        InteractionClassified c = handoff.classification();
        List<String> reasons = handoff.reasonCodes() == null ? List.of() : handoff.reasonCodes();
        return new HandoffItem(envelope.eventId(), envelope.interactionId(), handoff.team(), handoff.priority(),
                handoff.slaDeadline(), String.join(",", reasons), handoff.ruleId(), handoff.policyVersion(),
                handoff.explanation(),
                c == null ? null : c.intent(),
                c == null ? null : c.confidence(),
                c == null ? null : c.novelty(),
                c == null ? null : c.valueScore(),
                envelope.payload(),
                c == null || c.interaction() == null ? null : c.interaction().channel(),
                c == null || c.interaction() == null || c.interaction().agentDecision() == null ? null
                        : c.interaction().agentDecision().action(),
                c == null ? null : c.taxonomyVersion(),
                c != null && c.interaction() != null && c.interaction().imported() ? ItemSource.IMPORT
                        : ItemSource.HANDOFF,
                c == null || c.interaction() == null ? null : c.interaction().externalId(),
                envelope.subject() != null ? envelope.subject() : c == null ? null : ContactIds.of(c.interaction()));
    }
}
