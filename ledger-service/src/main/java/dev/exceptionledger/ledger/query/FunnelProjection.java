package dev.exceptionledger.ledger.query;

import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.contracts.OutcomeReported;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.ledger.api.FetchFunnelQuery;
import dev.exceptionledger.ledger.api.FunnelResponse;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.api.LedgerFacts.InteractionStalled;
import dev.exceptionledger.ledger.api.LedgerFacts.StalledInteractionCompleted;
import dev.exceptionledger.ledger.domain.FunnelDelta;
import dev.exceptionledger.ledger.persistence.FunnelRepository;
import jakarta.inject.Singleton;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The funnel: which stages each interaction has reached. A tracking processor feeds it from the event store, so it
 * can be reset and rebuilt. The events of one processor batch merge into one delta per interaction, written by one
 * batched upsert when the batch commits (with the processor's token, in the same transaction).
 * <p>
 * A plain {@link EventMessageHandler} rather than an {@code @EventHandler} method: the ledger has one event type,
 * and Axon's annotation inspection per event (which handler, whether it supports a reset, its parameters) cost a
 * quarter of a rebuild.
 */
@ProcessingGroup(FunnelProjection.PROCESSING_GROUP)
@Singleton // no client proxy: Axon reflects on the instance it is given
public class FunnelProjection implements EventMessageHandler {

    public static final String PROCESSING_GROUP = "funnel";

    private static final Logger LOG = Logger.getLogger(FunnelProjection.class);
    private static final String BATCH = FunnelProjection.class.getName() + ".batch";

    // the payload fields the funnel reads, by type
    private static final PayloadFields<InteractionReceived> RECEIVED = PayloadFields.of(InteractionReceived.class,
            "channel", "agentDecision.action", "agentDecision.canonicalAction", "occurredAt", "importId", "externalId");
    private static final PayloadFields<InteractionRejected> REJECTED = PayloadFields.of(InteractionRejected.class,
            "channel", "importId", "externalId");
    private static final PayloadFields<InteractionClassified> CLASSIFIED = PayloadFields.of(
            InteractionClassified.class, "intent");
    private static final PayloadFields<InteractionRouted> ROUTED = PayloadFields.of(InteractionRouted.class,
            "outcome", "team");
    private static final PayloadFields<ReviewRecorded> REVIEWED = PayloadFields.of(ReviewRecorded.class,
            "verdict", "estimatedValue");
    private static final PayloadFields<OutcomeReported> REPORTED = PayloadFields.of(OutcomeReported.class,
            "outcome", "value");

    private final FunnelRepository funnel;

    FunnelProjection(FunnelRepository funnel) {
        this.funnel = funnel;
    }

    @Override
    public Object handle(EventMessage<?> message) {
        if (message.getPayload() instanceof InteractionEventRecorded event) {
            FunnelDelta delta = delta(event);
            if (delta != null) {
                batch().merge(event.interactionId(), delta, FunnelDelta::merge);
            }
        }
        return null;
    }

    /** What an event says about the funnel; null for types the funnel does not count (they stay in the ledger). */
    static FunnelDelta delta(InteractionEventRecorded event) {
        if (event.occurredAt() == null) {
            return null;
        }
        FunnelDelta delta = new FunnelDelta(event.interactionId(), event.occurredAt());
        switch (event.type()) {
            case InteractionReceived.TYPE -> {
                InteractionReceived received = read(event, RECEIVED);
                if (received == null) {
                    return null;
                }
                delta.received = true;
                delta.receivedAt = event.occurredAt();
                delta.channel = received.channel();
                delta.agentAction = agentAction(received.agentDecision());
                delta.importId = received.importId();
                delta.occurredAt = received.occurredAt();
                delta.externalId = received.externalId();
            }
            case InteractionRejected.TYPE -> {
                InteractionRejected rejected = read(event, REJECTED);
                if (rejected == null) {
                    return null;
                }
                delta.rejected = true;
                delta.channel = rejected.channel();
                delta.importId = rejected.importId();
                delta.externalId = rejected.externalId();
            }
            case InteractionClassified.TYPE -> {
                InteractionClassified classified = read(event, CLASSIFIED);
                if (classified == null) {
                    return null;
                }
                delta.classified = true;
                delta.intent = classified.intent();
            }
            case MessageDeadLettered.TYPE -> delta.deadLettered = true;
            case InteractionRouted.TYPE -> {
                InteractionRouted routed = read(event, ROUTED);
                if (routed == null || missing(routed.outcome(), event)) {
                    return null;
                }
                delta.routingOutcome = routed.outcome().name();
                delta.routingTeam = routed.team();
                delta.routedAt = event.occurredAt();
            }
            case ReviewRecorded.TYPE -> {
                ReviewRecorded review = read(event, REVIEWED);
                if (review == null || missing(review.verdict(), event)) {
                    return null;
                }
                delta.verdict = review.verdict().name();
                delta.reviewedAt = event.occurredAt();
                if (review.verdict() == Verdict.MISSED_OPPORTUNITY) {
                    delta.missedValue = review.estimatedValue();
                }
            }
            case OutcomeReported.TYPE -> {
                OutcomeReported reported = read(event, REPORTED);
                if (reported == null || reported.outcome() == null) {
                    return null;
                }
                delta.outcome = reported.outcome();
                delta.outcomeAt = event.occurredAt();
                delta.outcomeValue = reported.value();
            }
            case InteractionStalled.TYPE -> delta.stalledAt = event.occurredAt();
            case StalledInteractionCompleted.TYPE -> delta.stallCompleted = true;
            default -> {
                // handoffs, erasures and types the ledger does not know yet are in the ledger, not in the funnel
                return null;
            }
        }
        return delta;
    }

    /** The agent's canonical action as the funnel counts it: one this ledger does not know is other. */
    private static String agentAction(AgentDecision decision) {
        if (decision == null) {
            return null;
        }
        String canonical = decision.canonical();
        return AgentActions.CANONICAL.contains(canonical) ? canonical : AgentActions.OTHER;
    }

    private Map<String, FunnelDelta> batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.root().getOrComputeResource(BATCH, key -> {
            Map<String, FunnelDelta> deltas = new LinkedHashMap<>();
            unitOfWork.root().onPrepareCommit(u -> funnel.upsert(deltas.values()));
            return deltas;
        });
    }

    /** Before a rebuild: the processor replays every event into an empty table. */
    @Override
    public void prepareReset() {
        funnel.deleteAll();
    }

    @QueryHandler
    FunnelResponse handle(FetchFunnelQuery query) {
        return funnel.counts(query);
    }

    /**
     * The fields the funnel needs of the event's payload, in its contract's record. A payload the ledger recorded but
     * cannot read must not stall the processor: it stays in the timeline and counts here without what was unreadable.
     *
     * @return null when a field does not fit the contract (e.g. an outcome it does not know): not counted
     */
    private static <T extends Record> T read(InteractionEventRecorded event, PayloadFields<T> fields) {
        try {
            return fields.read(event.payload(), e -> LOG.warnf("event %s of interaction %s has an unreadable %s "
                    + "payload, counted without what it could not read: %s",
                    event.eventId(), event.interactionId(), event.type(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("event %s of interaction %s: its %s payload is not one the funnel knows, not counted: %s",
                    event.eventId(), event.interactionId(), event.type(), e.getMessage());
            return null;
        }
    }

    /** The decision an event counts by is missing: logged, as the producer broke the contract. */
    private static boolean missing(Object decision, InteractionEventRecorded event) {
        if (decision == null) {
            LOG.warnf("event %s of interaction %s: its %s payload lacks the decision the funnel counts, not counted",
                    event.eventId(), event.interactionId(), event.type());
        }
        return decision == null;
    }
}
