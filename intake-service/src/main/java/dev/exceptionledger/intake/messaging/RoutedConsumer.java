package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.intake.persistence.ImportStore;
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
        EventEnvelope envelope = Json.read(record, EventEnvelope.class);
        if (InteractionRouted.TYPE.equals(envelope.type())) {
            store.routed(envelope.interactionId(), envelope.occurredAt());
        }
    }
}
