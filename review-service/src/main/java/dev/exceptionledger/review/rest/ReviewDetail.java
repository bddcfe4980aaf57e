package dev.exceptionledger.review.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.review.domain.ItemSource;
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
 * @param verdict        the current verdict once DECIDED (a correction replaces what it corrects), else null
 * @param handoffEventId the event that queued the item: HandoffRequested, AuditSampleDrawn or a REROUTED InteractionRouted
 * @param claimedBy      while a claim is live, else null
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
        VerdictView verdict,
        ItemSource source,
        String channel,
        String agentAction,
        String routingOutcome,
        String taxonomyVersion,
        UUID auditRunId,
        String claimedBy,
        Instant claimExpiresAt) {

    static ReviewDetail of(ReviewItem item, ReviewVerdict verdict, Instant now) {
        boolean claimed = item.claimExpiresAt != null && item.claimExpiresAt.isAfter(now);
        return new ReviewDetail(item.id, item.interactionId, item.team, item.priority, item.slaDeadline,
                item.reasonCodeList(), item.ruleId, item.policyVersion, item.explanation, item.intent,
                item.confidence, item.novelty, item.valueScore, item.status, item.handoffEventId, item.createdAt,
                item.decidedAt, item.packet, verdict == null ? null : VerdictView.of(verdict, item), item.source,
                item.channel, item.agentAction, item.routingOutcome, item.taxonomyVersion, item.auditRunId,
                claimed ? item.claimedBy : null, claimed ? item.claimExpiresAt : null);
    }
}
