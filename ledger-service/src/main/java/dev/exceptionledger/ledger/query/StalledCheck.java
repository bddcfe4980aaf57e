package dev.exceptionledger.ledger.query;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.LedgerFacts.InteractionStalled;
import dev.exceptionledger.ledger.api.LedgerFacts.StalledInteractionCompleted;
import dev.exceptionledger.ledger.api.EventToRecord;
import dev.exceptionledger.ledger.persistence.FunnelRepository;
import dev.exceptionledger.ledger.persistence.LedgerAppender;
import dev.exceptionledger.ledger.persistence.Projections;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.OncePerSchedule;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Finds interactions received but not routed within the deadline and records {@code InteractionStalled} for each,
 * and {@code StalledInteractionCompleted} once a stalled one has been routed after all. Both eventIds derive from
 * the interaction, so even two runs at once would record each fact once; one replica runs each check
 * ({@link OncePerSchedule}).
 */
@ApplicationScoped
public class StalledCheck {

    private static final Logger LOG = Logger.getLogger(StalledCheck.class);
    private static final int PER_RUN = 1000;

    private final FunnelRepository funnel;
    private final LedgerAppender appender;
    private final Projections projections;
    private final Duration deadline;
    private final String producer;
    private final OncePerSchedule once;
    private final Duration every;

    StalledCheck(FunnelRepository funnel, LedgerAppender appender, Projections projections, Producers producers,
                 AgroalDataSource dataSource,
                 @ConfigProperty(name = "ledger.stalled.deadline", defaultValue = "PT15M") Duration deadline,
                 @ConfigProperty(name = "ledger.stalled.check-every", defaultValue = "30s") Duration every,
                 MeterRegistry metrics) {
        this.funnel = funnel;
        this.appender = appender;
        this.projections = projections;
        this.deadline = deadline;
        this.producer = producers.producer();
        this.once = new OncePerSchedule(dataSource);
        this.every = every;
        // read at each scrape on every replica (one count over the funnel), whichever replica ran the check
        Gauge.builder("exledger.interactions.stalled", funnel, FunnelRepository::stalledNow)
                .description("interactions received but not routed within ledger.stalled.deadline, and not since")
                .strongReference(true)
                .register(metrics);
    }

    @Scheduled(every = "${ledger.stalled.check-every:30s}", delayed = "${ledger.stalled.check-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        if (!once.claimEvery("stalled-check", every)) {
            return;
        }
        // the funnel must have seen everything recorded, or a routed interaction would look stalled
        if (!projections.funnelCurrent()) {
            LOG.debug("stalled check skipped: the funnel is behind the ledger");
            return;
        }
        Instant now = Instant.now();
        List<EventToRecord> facts = new ArrayList<>();
        for (FunnelRepository.Unrouted unrouted : funnel.unroutedSince(now.minus(deadline), PER_RUN)) {
            facts.add(fact(unrouted.interactionId(), InteractionStalled.TYPE, now,
                    new InteractionStalled(unrouted.receivedAt(), deadline, now)));
        }
        for (FunnelRepository.LateCompletion late : funnel.completedAfterStall(PER_RUN)) {
            facts.add(fact(late.interactionId(), StalledInteractionCompleted.TYPE, now,
                    new StalledInteractionCompleted(late.stalledAt(), late.outcome(), late.routedAt(), now)));
        }
        int recorded = appender.append(facts).size();
        if (recorded > 0) {
            LOG.infof("stalled check recorded %d facts", recorded);
        }
    }

    private EventToRecord fact(String interactionId, String type, Instant at, Object payload) {
        String eventId = UUID.nameUUIDFromBytes((type + "/" + interactionId).getBytes(StandardCharsets.UTF_8))
                .toString();
        // no trace: a scheduled check, not part of any request's or record's journey
        return new EventToRecord(interactionId, eventId, type, EventEnvelope.SCHEMA_VERSION, at, producer,
                interactionId, null, null, Json.tree(payload), null, null);
    }
}
