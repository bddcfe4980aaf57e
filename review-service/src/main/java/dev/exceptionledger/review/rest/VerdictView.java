package dev.exceptionledger.review.rest;

import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.review.persistence.ReviewItem;
import dev.exceptionledger.review.persistence.ReviewVerdict;

import java.time.Instant;
import java.util.UUID;

/** A recorded verdict; {@code eventId} is the ReviewRecorded event that announced it. */
public record VerdictView(
        UUID id,
        UUID reviewItemId,
        String interactionId,
        Verdict verdict,
        String reviewer,
        String note,
        String correctIntent,
        String correctTeam,
        Double estimatedValue,
        UUID refersTo,
        Instant recordedAt,
        UUID eventId) {

    static VerdictView of(ReviewVerdict v, ReviewItem item) {
        return new VerdictView(v.id, v.reviewItemId, item.interactionId, v.verdict, v.reviewer, v.note,
                v.correctIntent, v.correctTeam, v.estimatedValue, v.refersTo, v.recordedAt, v.eventId);
    }
}
