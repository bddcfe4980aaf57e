package dev.exceptionledger.ledger.command;

import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.api.RecordEventCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The ledger of one interaction (id = interactionId). Its events arrive from several topics in any order, so
 * whichever comes first creates it; at-least-once delivery means any of them may come twice, so it records each
 * eventId once.
 */
public class InteractionLedger {

    @AggregateIdentifier
    private String interactionId;
    private final Set<String> recordedEventIds = new HashSet<>();

    /** For Axon, which rebuilds the ledger from its events. */
    protected InteractionLedger() {
    }

    /** @return false when this eventId was recorded before (a redelivery) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(RecordEventCommand command) {
        if (recordedEventIds.contains(command.eventId())) {
            return false;
        }
        apply(new InteractionEventRecorded(command.interactionId(), command.eventId(), command.type(),
                command.schemaVersion(), command.occurredAt(), command.producer(), command.correlationId(),
                command.causationId(), command.topic(), command.payload()));
        return true;
    }

    @EventSourcingHandler
    void on(InteractionEventRecorded event) {
        interactionId = event.interactionId();
        recordedEventIds.add(event.eventId());
    }
}
