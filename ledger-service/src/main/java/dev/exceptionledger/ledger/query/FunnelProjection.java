package dev.exceptionledger.ledger.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.contracts.OutcomeReported;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.RoutingOutcome;
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

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
                delta.received = true;
                delta.receivedAt = event.occurredAt();
                delta.channel = text(payload(event, "channel"), "channel");
            }
            case InteractionRejected.TYPE -> {
                delta.rejected = true;
                delta.channel = text(payload(event, "channel"), "channel");
            }
            case InteractionClassified.TYPE -> {
                delta.classified = true;
                delta.intent = text(payload(event, "intent"), "intent");
            }
            case MessageDeadLettered.TYPE -> delta.deadLettered = true;
            case InteractionRouted.TYPE -> {
                JsonNode routed = payload(event, "outcome", "team");
                String outcome = text(routed, "outcome");
                if (!known(RoutingOutcome.class, outcome, event)) {
                    return null;
                }
                delta.routingOutcome = outcome;
                delta.routingTeam = text(routed, "team");
                delta.routedAt = event.occurredAt();
            }
            case ReviewRecorded.TYPE -> {
                JsonNode review = payload(event, "verdict", "estimatedValue");
                String verdict = text(review, "verdict");
                if (!known(Verdict.class, verdict, event)) {
                    return null;
                }
                delta.verdict = verdict;
                delta.reviewedAt = event.occurredAt();
                if (Verdict.MISSED_OPPORTUNITY.name().equals(verdict) && review.path("estimatedValue").isNumber()) {
                    delta.missedValue = review.get("estimatedValue").asDouble();
                }
            }
            case OutcomeReported.TYPE -> {
                JsonNode reported = payload(event, "outcome", "value");
                delta.outcome = text(reported, "outcome");
                if (delta.outcome == null) {
                    return null;
                }
                delta.outcomeAt = event.occurredAt();
                delta.outcomeValue = reported.path("value").isNumber() ? reported.get("value").asDouble() : null;
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
     * The payload's top-level scalar fields the funnel needs, read by streaming and skipping everything nested
     * (the interaction inside a classification is most of its bytes). A payload the ledger recorded but cannot read
     * must not stall the processor: it stays in the timeline and counts as empty here.
     */
    private static JsonNode payload(InteractionEventRecorded event, String... fields) {
        ObjectNode found = Json.mapper().createObjectNode();
        if (event.payload() == null) {
            return found;
        }
        Set<String> wanted = Set.of(fields);
        try (JsonParser parser = Json.mapper().getFactory().createParser(event.payload())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME && found.size() < wanted.size()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (wanted.contains(name) && value.isScalarValue()) {
                    found.set(name, Json.mapper().readTree(parser));
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            LOG.warnf("event %s of interaction %s has an unreadable %s payload, not counted: %s",
                    event.eventId(), event.interactionId(), event.type(), e.getMessage());
        }
        return found;
    }

    private static <E extends Enum<E>> boolean known(Class<E> type, String value, InteractionEventRecorded event) {
        try {
            Enum.valueOf(type, value);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warnf("event %s of interaction %s: %s '%s' is not one the funnel knows, not counted",
                    event.eventId(), event.interactionId(), type.getSimpleName(), value);
            return false;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
