package dev.exceptionledger.review.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.review.domain.HandoffItem;
import dev.exceptionledger.review.domain.ItemSource;
import dev.exceptionledger.review.domain.NotFoundException;
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
import jakarta.persistence.LockModeType;
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
    @Enumerated(EnumType.STRING)
    public ItemSource source;
    /** A claim is live while {@code claimExpiresAt} is in the future; after that anyone may claim the item. */
    public String claimedBy;
    public Instant claimExpiresAt;
    public String channel;
    public String agentAction;
    /** What routing decided: ESCALATED for handoffs, AGENT_HANDLED or DISCARDED for audit items. */
    public String routingOutcome;
    public String taxonomyVersion;
    public UUID auditRunId;
    /** The interaction's id in the sending system, to find it by. */
    public String externalId;
    /** The contact's subject id by email ({@link dev.exceptionledger.review.domain.ContactIds}); null once erased. */
    public String contactId;

    /** The item; {@link NotFoundException} when there is none. */
    public static ReviewItem findExisting(UUID id, LockModeType lock) {
        ReviewItem item = findById(id, lock);
        if (item == null) {
            throw new NotFoundException("no review item " + id);
        }
        return item;
    }

    /** The verdict that stands once DECIDED (the latest: a correction replaces what it corrects), else null. */
    public ReviewVerdict currentVerdict() {
        return status == ReviewStatus.DECIDED ? ReviewVerdict.latestFor(id) : null;
    }

    /** A verdict was recorded: the item leaves the open queue, and a claim on it no longer matters. */
    public void decide(Instant when) {
        status = ReviewStatus.DECIDED;
        decidedAt = when;
        claimedBy = null;
        claimExpiresAt = null;
    }

    public boolean claimedByOtherThan(String reviewer, Instant now) {
        return claimExpiresAt != null && claimExpiresAt.isAfter(now) && !reviewer.equals(claimedBy);
    }

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
                            handoff_event_id, created_at, source, channel, agent_action, routing_outcome,
                            taxonomy_version, external_id, contact_id)
                        VALUES (:id, :interactionId, :team, :priority, :slaDeadline, :reasonCodes, :ruleId,
                            :policyVersion, :explanation, :intent, :confidence, :novelty, :valueScore,
                            CAST(:packet AS jsonb), 'OPEN', :handoffEventId, :createdAt, :source, :channel,
                            :agentAction, 'ESCALATED', :taxonomyVersion, :externalId, :contactId)
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
                .setParameter("source", item.source().name())
                .setParameter("createdAt", Instant.now())
                .setParameter("channel", item.channel())
                .setParameter("agentAction", item.agentAction())
                .setParameter("taxonomyVersion", item.taxonomyVersion())
                .setParameter("externalId", item.externalId())
                .setParameter("contactId", item.contactId())
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Queues {@code original}'s interaction for the team a WRONG_TEAM verdict named, with the same packet; once per
     * interaction, team and rule, so a repeated verdict does not queue it twice.
     *
     * @return whether a new item was queued
     */
    public static boolean queueRerouted(ReviewItem original, String team, String ruleId, UUID reroutedEventId,
                                        Instant slaDeadline, String explanation) {
        int inserted = getEntityManager().createNativeQuery("""
                        INSERT INTO review_item (id, interaction_id, team, priority, sla_deadline, reason_codes, rule_id,
                            policy_version, explanation, intent, confidence, novelty, value_score, packet, status,
                            handoff_event_id, created_at, source, channel, agent_action, routing_outcome,
                            taxonomy_version, external_id, contact_id)
                        SELECT :id, interaction_id, :team, priority, :slaDeadline,
                            CASE WHEN reason_codes = '' THEN 'WRONG_TEAM' ELSE reason_codes || ',WRONG_TEAM' END,
                            :ruleId, policy_version, :explanation, intent, confidence, novelty, value_score, packet,
                            'OPEN', :eventId, :now, 'REROUTE', channel, agent_action, routing_outcome, taxonomy_version,
                            external_id, contact_id
                        FROM review_item WHERE id = :original
                        ON CONFLICT DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("team", team)
                .setParameter("slaDeadline", slaDeadline)
                .setParameter("ruleId", ruleId)
                .setParameter("explanation", explanation)
                .setParameter("eventId", reroutedEventId)
                .setParameter("now", Instant.now())
                .setParameter("original", original.id)
                .executeUpdate();
        return inserted == 1;
    }

    /** The queue's page: the nearest deadline first. */
    public static PanacheQuery<ReviewItem> queue(QueueQuery query, Instant now) {
        Map<String, Object> params = new HashMap<>();
        String where = "1 = 1";
        if (query.status() != null) {
            where += " and status = :status";
            params.put("status", query.status());
        }
        if (query.interactionId() != null) {
            where += " and interactionId = :interactionId";
            params.put("interactionId", query.interactionId());
        }
        if (query.externalId() != null) {
            where += " and externalId = :externalId";
            params.put("externalId", query.externalId());
        }
        if (query.contactId() != null) {
            where += " and contactId = :contactId";
            params.put("contactId", query.contactId());
        }
        if (query.team() != null) {
            where += " and team = :team";
            params.put("team", query.team());
        }
        if (query.intent() != null) {
            where += " and intent = :intent";
            params.put("intent", query.intent());
        }
        if (query.priority() != null) {
            where += " and priority = :priority";
            params.put("priority", query.priority());
        }
        if (query.reasonCode() != null) {
            // reason codes are comma-joined: match a whole code
            where += " and locate(:reasonCode, concat(',', reasonCodes, ',')) > 0";
            params.put("reasonCode", "," + query.reasonCode() + ",");
        }
        if (query.source() != null) {
            where += " and source = :source";
            params.put("source", query.source());
        }
        if (query.claimed() != null) {
            where += query.claimed() ? " and claimExpiresAt > :now"
                    : " and (claimExpiresAt is null or claimExpiresAt <= :now)";
            params.put("now", now);
        }
        return ReviewItem.<ReviewItem>find(where, Sort.by("slaDeadline").and("createdAt").and("id"), params)
                .page(query.page(), query.size());
    }
}
