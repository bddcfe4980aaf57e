package dev.exceptionledger.review.rest;

import dev.exceptionledger.review.domain.ItemSource;
import dev.exceptionledger.review.domain.Preview;
import dev.exceptionledger.review.domain.ReviewStatus;
import dev.exceptionledger.review.persistence.ReviewItem;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One line of a review queue. */
public record ReviewSummary(
        UUID id,
        String interactionId,
        String externalId,
        String team,
        String priority,
        Instant slaDeadline,
        List<String> reasonCodes,
        String intent,
        Double confidence,
        Double novelty,
        Double valueScore,
        String explanation,
        String preview,
        ReviewStatus status,
        ItemSource source,
        String claimedBy,
        Instant claimExpiresAt) {

    /** {@code claimedBy} and {@code claimExpiresAt} only while the claim is live. */
    static ReviewSummary of(ReviewItem item, Instant now) {
        boolean claimed = item.claimExpiresAt != null && item.claimExpiresAt.isAfter(now);
        return new ReviewSummary(item.id, item.interactionId, item.externalId, item.team, item.priority, item.slaDeadline,
                item.reasonCodeList(), item.intent, item.confidence, item.novelty, item.valueScore,
                item.explanation, Preview.of(item.packet), item.status, item.source,
                claimed ? item.claimedBy : null, claimed ? item.claimExpiresAt : null);
    }
}
