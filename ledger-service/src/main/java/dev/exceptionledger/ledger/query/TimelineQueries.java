package dev.exceptionledger.ledger.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.FetchTimelineQuery;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.api.TimelineEntry;
import dev.exceptionledger.ledger.api.TimelineResponse;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;

import java.util.List;
import java.util.Optional;

/** Timelines straight from the event store, so they show exactly what the ledger holds. */
public class TimelineQueries {

    private final EventStore eventStore;

    public TimelineQueries(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** @return empty when nothing was ever recorded for the interaction */
    @QueryHandler
    public Optional<TimelineResponse> handle(FetchTimelineQuery query) {
        List<TimelineEntry> entries = eventStore.readEvents(query.interactionId()).asStream()
                .filter(message -> message.getPayload() instanceof InteractionEventRecorded)
                .map(TimelineQueries::entry)
                .toList();
        return entries.isEmpty() ? Optional.empty() : Optional.of(new TimelineResponse(query.interactionId(), entries));
    }

    private static TimelineEntry entry(DomainEventMessage<?> message) {
        InteractionEventRecorded event = (InteractionEventRecorded) message.getPayload();
        return new TimelineEntry(message.getSequenceNumber(), event.eventId(), event.type(), event.occurredAt(),
                message.getTimestamp(), event.producer(), event.topic(), event.correlationId(), event.causationId(),
                json(event.payload()));
    }

    private static JsonNode json(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recorded payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
