package dev.exceptionledger.review.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.review.domain.HandoffItem;
import dev.exceptionledger.review.domain.QueueQuery;
import dev.exceptionledger.review.domain.ReviewStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An interaction handed to a team, waiting for (or holding) a reviewer's verdict. */
@Entity
@Table(name = "review_item")
public class ReviewItem extends PanacheEntityBase {

    @Id
    public UUID id;
    public String interactionId;
    public String team;
    public String priority;
    public Instant slaDeadline;
    /** Comma-joined; see {@link #reasonCodeList()}. */
    public String reasonCodes;
    public String ruleId;
    public String policyVersion;
    public String explanation;
    public String intent;
    public Double confidence;
    public Double novelty;
    public Double valueScore;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public JsonNode packet;
    @Enumerated(EnumType.STRING)
    public ReviewStatus status;
    public UUID handoffEventId;
    public Instant createdAt;
    public Instant decidedAt;

    public List<String> reasonCodeList() {
        return reasonCodes == null || reasonCodes.isEmpty() ? List.of() : Arrays.asList(reasonCodes.split(","));
    }

    /**
     * Queues a handoff unless it is already queued: the same eventId (a redelivery) or the same interaction,
     * team and rule (routing re-emitting it). One statement, so concurrent consumers cannot both insert.
     *
     * @return whether a new item was queued
     */
    public static boolean queueIfAbsent(HandoffItem item) {
        int inserted = getEntityManager().createNativeQuery("""
                        INSERT INTO review_item (id, interaction_id, team, priority, sla_deadline, reason_codes, rule_id,
                            policy_version, explanation, intent, confidence, novelty, value_score, packet, status,
                            handoff_event_id, created_at)
                        VALUES (:id, :interactionId, :team, :priority, :slaDeadline, :reasonCodes, :ruleId,
                            :policyVersion, :explanation, :intent, :confidence, :novelty, :valueScore,
                            CAST(:packet AS jsonb), 'OPEN', :handoffEventId, :createdAt)
                        ON CONFLICT DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("interactionId", item.interactionId())
                .setParameter("team", item.team())
                .setParameter("priority", item.priority())
                .setParameter("slaDeadline", item.slaDeadline())
                .setParameter("reasonCodes", item.reasonCodes())
                .setParameter("ruleId", item.ruleId())
                .setParameter("policyVersion", item.policyVersion())
                .setParameter("explanation", item.explanation())
                .setParameter("intent", item.intent())
                .setParameter("confidence", item.confidence())
                .setParameter("novelty", item.novelty())
                .setParameter("valueScore", item.valueScore())
                .setParameter("packet", item.packet().toString())
                .setParameter("handoffEventId", item.handoffEventId())
                .setParameter("createdAt", Instant.now())
                .executeUpdate();
        return inserted == 1;
    }

    /** The queue's page: the nearest deadline first. */
    public static PanacheQuery<ReviewItem> queue(QueueQuery query) {
        Map<String, Object> params = new HashMap<>(Map.of("status", query.status()));
        String where = "status = :status";
        if (query.team() != null) {
            where += " and team = :team";
            params.put("team", query.team());
        }
        return ReviewItem.<ReviewItem>find(where, Sort.by("slaDeadline").and("createdAt").and("id"), params)
                .page(query.page(), query.size());
    }
}
