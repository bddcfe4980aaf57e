package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.intake.persistence.ImportStore;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Counts the routing decisions of imported interactions, so an import reports how much of it the pipeline has
 * routed. Live traffic's decisions match no import line and change nothing; a decision delivered twice counts once.
 */
@ApplicationScoped
public class RoutedConsumer {

    private final ImportStore store;

    public RoutedConsumer(ImportStore store) {
        this.store = store;
    }

    @Incoming("routed")
    @Blocking
    public void consume(String record) {
        EventEnvelope envelope;
        try {
            envelope = EnvelopeInput.read(record);
        } catch (IllegalArgumentException e) {
            // not ours to dead-letter: the topic's consumers of record (review, ledger) do, and a copy from here
            // would be recorded twice; nothing of an import is lost
            return;
        }
        if (InteractionRouted.TYPE.equals(envelope.type())) {
            // an outage is waited out: a dead letter would leave the import's routed count short for good
            DatabaseOutage.retry("routed " + envelope.eventId(),
                    () -> store.routed(envelope.interactionId(), envelope.occurredAt()));
        }
    }
}
