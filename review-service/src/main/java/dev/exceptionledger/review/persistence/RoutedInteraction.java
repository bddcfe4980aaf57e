package dev.exceptionledger.review.persistence;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.review.domain.ContactIds;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * What this service knows of an interaction it may never have been handed: routing's decision and the
 * classification, joined by interactionId. Either event may arrive first, so each one upserts its own columns.
 */
@Entity
@Table(name = "routed_interaction")
public class RoutedInteraction extends PanacheEntityBase {

    @Id
    public String interactionId;
    public String outcome;
    public String team;
    public String reason;
    public String ruleId;
    public String policyVersion;
    public UUID routedEventId;
    public Instant routedAt;
    public Instant routedRecordedAt;
    public String intent;
    public Double confidence;
    public Double novelty;
    public Boolean novel;
    public String channel;
    public String externalId;
    public String agentAction;
    public String taxonomyVersion;
    public UUID classifiedEventId;

    /** The first routing decision wins: a later REROUTED (a reviewer's) does not replace what routing decided. */
    public static void recordRouted(EventEnvelope envelope, InteractionRouted routed) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO routed_interaction (interaction_id, outcome, team, reason, rule_id, policy_version,
                            routed_event_id, routed_at, routed_recorded_at)
                        VALUES (:id, :outcome, :team, :reason, :ruleId, :policyVersion, :eventId, :routedAt, :now)
                        ON CONFLICT (interaction_id) DO UPDATE SET outcome = EXCLUDED.outcome, team = EXCLUDED.team,
                            reason = EXCLUDED.reason, rule_id = EXCLUDED.rule_id,
                            policy_version = EXCLUDED.policy_version, routed_event_id = EXCLUDED.routed_event_id,
                            routed_at = EXCLUDED.routed_at, routed_recorded_at = EXCLUDED.routed_recorded_at
                        WHERE routed_interaction.outcome IS NULL""")
                .setParameter("id", envelope.interactionId())
                .setParameter("outcome", routed.outcome() == null ? null : routed.outcome().name())
                .setParameter("team", routed.team())
                .setParameter("reason", routed.reason())
                .setParameter("ruleId", routed.ruleId())
                .setParameter("policyVersion", routed.policyVersion())
                .setParameter("eventId", envelope.eventId())
                .setParameter("routedAt", envelope.occurredAt())
                .setParameter("now", Instant.now())
                .executeUpdate();
    }

    /** The latest classification wins (a reclassification under a new taxonomy replaces the old one). */
    public static void recordClassified(EventEnvelope envelope, InteractionClassified c) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO routed_interaction (interaction_id, intent, confidence, novelty, novel, channel,
                            external_id, agent_action, taxonomy_version, classified_event_id, classification,
                            contact_id)
                        VALUES (:id, :intent, :confidence, :novelty, :novel, :channel, :externalId, :agentAction,
                            :taxonomyVersion, :eventId, CAST(:classification AS jsonb), :contactId)
                        ON CONFLICT (interaction_id) DO UPDATE SET intent = EXCLUDED.intent,
                            confidence = EXCLUDED.confidence, novelty = EXCLUDED.novelty, novel = EXCLUDED.novel,
                            channel = EXCLUDED.channel, external_id = EXCLUDED.external_id,
                            agent_action = EXCLUDED.agent_action, taxonomy_version = EXCLUDED.taxonomy_version,
                            classified_event_id = EXCLUDED.classified_event_id,
                            classification = EXCLUDED.classification, contact_id = EXCLUDED.contact_id""")
                .setParameter("id", envelope.interactionId())
                .setParameter("intent", c.intent())
                .setParameter("confidence", c.confidence())
                .setParameter("novelty", c.novelty())
                .setParameter("novel", c.novel())
                .setParameter("channel", c.interaction() == null ? null : c.interaction().channel())
                .setParameter("externalId", c.interaction() == null ? null : c.interaction().externalId())
                .setParameter("agentAction", c.interaction() == null || c.interaction().agentDecision() == null
                        ? null : c.interaction().agentDecision().action())
                .setParameter("taxonomyVersion", c.taxonomyVersion())
                .setParameter("eventId", envelope.eventId())
                .setParameter("classification", envelope.payload().toString())
                .setParameter("contactId", envelope.subject() != null ? envelope.subject()
                        : ContactIds.of(c.interaction()))
                .executeUpdate();
    }
}
