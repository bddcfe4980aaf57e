package dev.exceptionledger.review.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.review.domain.ReviewStatus;
import dev.exceptionledger.review.persistence.ReviewItem;
import dev.exceptionledger.review.persistence.ReviewVerdict;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything a reviewer needs to judge one item.
 *
 * @param packet  the HandoffRequested payload: the question, contact, turns, agent decision, scores, nearest examples
 * @param verdict the verdict once DECIDED, else null
 */
public record ReviewDetail(
        UUID id,
        String interactionId,
        String team,
        String priority,
        Instant slaDeadline,
        List<String> reasonCodes,
        String ruleId,
        String policyVersion,
        String explanation,
        String intent,
        Double confidence,
        Double novelty,
        Double valueScore,
        ReviewStatus status,
        UUID handoffEventId,
        Instant createdAt,
        Instant decidedAt,
        JsonNode packet,
        VerdictView verdict) {

    static ReviewDetail of(ReviewItem item, ReviewVerdict verdict) {
        return new ReviewDetail(item.id, item.interactionId, item.team, item.priority, item.slaDeadline,
                item.reasonCodeList(), item.ruleId, item.policyVersion, item.explanation, item.intent,
                item.confidence, item.novelty, item.valueScore, item.status, item.handoffEventId, item.createdAt,
                item.decidedAt, item.packet, verdict == null ? null : VerdictView.of(verdict, item));
    }
}
