package dev.exceptionledger.review.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.AuditRunCompleted;
import dev.exceptionledger.contracts.AuditSampleDrawn;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.ReasonCode;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.review.domain.AuditSampler.Candidate;
import dev.exceptionledger.review.domain.AuditSampler.Draw;
import dev.exceptionledger.review.domain.AuditSampler.Pick;
import dev.exceptionledger.review.domain.AuditSampler;
import dev.exceptionledger.review.persistence.AuditRun;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Sealing;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An audit sampling run: draws from the agent-handled and discarded interactions routed since the previous run,
 * queues the picks for the audit team, and records the run and each pick on reviews.recorded (so the ledger holds
 * them). All in one transaction that commits only after the broker acknowledged every event: a failed run leaves
 * nothing behind and the next one covers its window.
 */
@ApplicationScoped
public class AuditSampling {

    private static final Logger LOG = Logger.getLogger(AuditSampling.class);
    static final String RULE_ID = "audit-sample";
    private static final SecureRandom SEEDS = new SecureRandom();

    private final EntityManager em;
    private final ReviewEvents events;
    private final Producers producers;
    private final Sealing sealing;
    private final double rate;
    private final String team;
    private final String priority;
    private final Duration sla;
    private final Duration firstWindow;
    private final Duration settle;

    public AuditSampling(EntityManager em, ReviewEvents events, Producers producers, Sealing sealing,
                         @ConfigProperty(name = "review.audit.rate") double rate,
                         @ConfigProperty(name = "review.audit.team") String team,
                         @ConfigProperty(name = "review.audit.priority") String priority,
                         @ConfigProperty(name = "review.audit.sla") Duration sla,
                         @ConfigProperty(name = "review.audit.first-window") Duration firstWindow,
                         @ConfigProperty(name = "review.audit.settle") Duration settle) {
        this.em = em;
        this.events = events;
        this.producers = producers;
        this.sealing = sealing;
        this.rate = rate;
        this.team = team;
        this.priority = priority;
        this.sla = sla;
        this.firstWindow = firstWindow;
        this.settle = settle;
    }

    @Transactional
    @TransactionConfiguration(timeout = 900)
    public AuditRun run(String trigger) {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // one run at a time across replicas; the next one then starts where this one's window ended
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('review.audit_run'))").getSingleResult();
        AuditRun previous = AuditRun.latest();
        // the window ends a little in the past, so that a routing row written just before, but committed after,
        // this run started still falls in the next window; microseconds, as the database keeps them
        Instant now = Instant.now().minus(settle).truncatedTo(ChronoUnit.MICROS);
        Instant from = previous == null ? now.minus(firstWindow) : previous.windowTo;
        // never behind the previous window's end (a clock step back gives an empty window, not an overlap)
        Instant to = now.isAfter(from) ? now : from;

        Map<String, UUID> routedEvents = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        List<?> rows = em.createNativeQuery("""
                        SELECT interaction_id, outcome, intent, reason, coalesce(novel, false), routed_event_id
                        FROM routed_interaction
                        WHERE routed_recorded_at > :from AND routed_recorded_at <= :to
                          AND outcome IN ('AGENT_HANDLED', 'DISCARDED')""")
                .setParameter("from", from).setParameter("to", to).getResultList();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            candidates.add(new Candidate((String) r[0], RoutingOutcome.valueOf((String) r[1]), (String) r[2],
                    (String) r[3], (Boolean) r[4]));
            routedEvents.put((String) r[0], (UUID) r[5]);
        }
        long seed = SEEDS.nextLong();
        Draw draw = AuditSampler.draw(candidates, rate, seed);

        UUID runId = UUID.randomUUID();
        Instant deadline = to.plus(sla);
        List<EventEnvelope> drawn = new ArrayList<>();
        List<UUID> itemIds = new ArrayList<>();
        for (Pick pick : draw.picks()) {
            Candidate c = pick.candidate();
            UUID itemId = UUID.randomUUID();
            itemIds.add(itemId);
            UUID routedEvent = routedEvents.get(c.interactionId());
            drawn.add(new EventEnvelope(
                    UUID.nameUUIDFromBytes((runId + "/" + c.interactionId()).getBytes(StandardCharsets.UTF_8)),
                    AuditSampleDrawn.TYPE, EventEnvelope.SCHEMA_VERSION, c.interactionId(), to,
                    producers.producer(), c.interactionId(), routedEvent == null ? null : routedEvent.toString(),
                    Json.tree(new AuditSampleDrawn(runId.toString(), c.outcome(), c.intent(), c.reason(),
                            c.stratum(), pick.why(), itemId.toString(), to)), null));
        }
        queue(draw.picks(), itemIds, drawn, runId, deadline);
        openPackets(runId);

        AuditRun run = new AuditRun();
        run.id = runId;
        run.trigger = trigger;
        run.windowFrom = from;
        run.windowTo = to;
        run.rate = rate;
        run.seed = seed;
        run.population = candidates.size();
        run.picked = draw.picks().size();
        run.novelPicked = (int) draw.novelPicks();
        run.strata = Json.tree(draw.strata());
        run.startedAt = started;
        run.completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditRunCompleted completed = new AuditRunCompleted(runId.toString(), trigger, from, to, rate, seed,
                run.population, run.picked, run.novelPicked, draw.strata(), started, run.completedAt);
        EventEnvelope completedEvent = EventEnvelope.first(AuditRunCompleted.TYPE,
                AuditRunCompleted.INTERACTION_PREFIX + runId, producers.producer(), completed);
        run.eventId = completedEvent.eventId();
        run.persist();
        em.flush();

        events.recorded(drawn);
        events.recorded(completedEvent);
        LOG.infof("audit run %s (%s): %d of %d interactions picked (%d novel) in %d ms", runId, trigger, run.picked,
                run.population, run.novelPicked, Duration.between(started, Instant.now()).toMillis());
        return run;
    }

    /**
     * The picks' packets were copied from routed rows, which keep their personal values sealed (most are never looked
     * at): opened here for the auditors, with one call to the key store for the run. Without it the run fails and
     * the next one covers its window.
     */
    private void openPackets(UUID runId) {
        List<UUID> ids = new ArrayList<>();
        List<Sealing.Stored> packets = new ArrayList<>();
        for (Object row : em.createNativeQuery("SELECT id, contact_id, CAST(packet AS text) FROM review_item "
                + "WHERE audit_run_id = :run").setParameter("run", runId).getResultList()) {
            Object[] r = (Object[]) row;
            ids.add((UUID) r[0]);
            packets.add(new Sealing.Stored((String) r[1], Json.read((String) r[2], JsonNode.class)));
        }
        sealing.openStored(packets);
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE review_item SET packet = CAST(? AS jsonb) WHERE id = ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    update.setString(1, Json.write(packets.get(i).payload()));
                    update.setObject(2, ids.get(i));
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    /** One INSERT ... SELECT per pick, sent as a JDBC batch: the packet is built from the routed row in SQL. */
    private void queue(List<Pick> picks, List<UUID> itemIds, List<EventEnvelope> drawn, UUID runId, Instant deadline) {
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp sla = Timestamp.from(deadline);
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO review_item (id, interaction_id, team, priority, sla_deadline, reason_codes, rule_id,
                        policy_version, explanation, intent, confidence, novelty, value_score, packet, status,
                        handoff_event_id, created_at, source, channel, agent_action, routing_outcome, taxonomy_version,
                        audit_run_id, external_id, contact_id)
                    SELECT ?, r.interaction_id, ?, ?, ?, ?, ?, r.policy_version, ?, r.intent, r.confidence, r.novelty,
                        CAST(r.classification ->> 'valueScore' AS double precision),
                        jsonb_build_object('team', CAST(? AS text), 'reasonCodes', jsonb_build_array(CAST(? AS text)),
                            'ruleId', CAST(? AS text), 'policyVersion', r.policy_version,
                            'explanation', CAST(? AS text), 'classification', r.classification,
                            'routing', jsonb_build_object('outcome', r.outcome, 'team', r.team, 'reason', r.reason,
                                'ruleId', r.rule_id, 'policyVersion', r.policy_version)),
                        'OPEN', ?, ?, 'AUDIT', r.channel, r.agent_action, r.outcome, r.taxonomy_version, ?,
                        r.external_id, r.contact_id
                    FROM routed_interaction r WHERE r.interaction_id = ?
                    ON CONFLICT DO NOTHING""")) {
                for (int i = 0; i < picks.size(); i++) {
                    Pick pick = picks.get(i);
                    String reasonCode = (AuditSampler.NOVEL.equals(pick.why()) ? ReasonCode.AUDIT_NOVEL
                            : ReasonCode.AUDIT_SAMPLE).name();
                    String explanation = AuditSampler.NOVEL.equals(pick.why())
                            ? "audit run " + runId + ": every agent-handled interaction the classifier marked novel"
                            : "audit run " + runId + ": sampled at rate " + rate + " from " + pick.candidate().stratum();
                    int p = 1;
                    insert.setObject(p++, itemIds.get(i));
                    insert.setString(p++, team);
                    insert.setString(p++, priority);
                    insert.setTimestamp(p++, sla);
                    insert.setString(p++, reasonCode);
                    insert.setString(p++, RULE_ID);
                    insert.setString(p++, explanation);
                    insert.setString(p++, team);
                    insert.setString(p++, reasonCode);
                    insert.setString(p++, RULE_ID);
                    insert.setString(p++, explanation);
                    insert.setObject(p++, drawn.get(i).eventId());
                    insert.setTimestamp(p++, now);
                    insert.setObject(p++, runId);
                    insert.setString(p, pick.candidate().interactionId());
                    insert.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        });
    }
}
