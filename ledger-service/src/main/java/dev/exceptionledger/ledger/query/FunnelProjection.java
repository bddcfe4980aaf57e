package dev.exceptionledger.ledger.query;

import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.ledger.api.FetchFunnelQuery;
import dev.exceptionledger.ledger.api.FunnelResponse;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.persistence.FunnelRepository;
import dev.exceptionledger.ledger.persistence.FunnelRepository.Stage;
import jakarta.inject.Singleton;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The funnel: which stages each interaction has reached. A tracking processor feeds it from the event store, so it
 * can be reset and rebuilt; its writes are upserts that tolerate any order.
 */
@ProcessingGroup(FunnelProjection.PROCESSING_GROUP)
@Singleton // no client proxy: Axon reflects on the instance it is given
public class FunnelProjection {

    public static final String PROCESSING_GROUP = "funnel";

    private static final Logger LOG = Logger.getLogger(FunnelProjection.class);

    private final FunnelRepository funnel;

    FunnelProjection(FunnelRepository funnel) {
        this.funnel = funnel;
    }

    @EventHandler
    void on(InteractionEventRecorded event) {
        String id = event.interactionId();
        switch (event.type()) {
            case InteractionReceived.TYPE -> funnel.markStage(id, event.occurredAt(), Stage.RECEIVED);
            case InteractionRejected.TYPE -> funnel.markStage(id, event.occurredAt(), Stage.REJECTED);
            case InteractionClassified.TYPE -> funnel.markStage(id, event.occurredAt(), Stage.CLASSIFIED);
            case MessageDeadLettered.TYPE -> funnel.markStage(id, event.occurredAt(), Stage.DEAD_LETTERED);
            case InteractionRouted.TYPE -> payload(event, InteractionRouted.class)
                    .filter(routed -> routed.outcome() != null)
                    .ifPresent(routed -> funnel.markRouted(id, event.occurredAt(), routed.outcome(), routed.team()));
            case ReviewRecorded.TYPE -> payload(event, ReviewRecorded.class)
                    .filter(review -> review.verdict() != null)
                    .ifPresent(review -> funnel.markReviewed(id, event.occurredAt(), review.verdict()));
            default -> {
                // handoffs and later fact types are in the timeline; the funnel counts the routing decision
            }
        }
    }

    @ResetHandler
    void reset() {
        funnel.deleteAll();
    }

    @QueryHandler
    FunnelResponse handle(FetchFunnelQuery query) {
        return funnel.counts(query.from(), query.to());
    }

    /** A payload the ledger recorded but cannot read must not stall the processor: it stays in the timeline. */
    private static <T> Optional<T> payload(InteractionEventRecorded event, Class<T> type) {
        try {
            return Optional.of(Json.read(event.payload(), type));
        } catch (IllegalArgumentException e) {
            LOG.warnf("event %s of interaction %s has an unreadable %s payload, not counted: %s",
                    event.eventId(), event.interactionId(), event.type(), e.getMessage());
            return Optional.empty();
        }
    }
}
