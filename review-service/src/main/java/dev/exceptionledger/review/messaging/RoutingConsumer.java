package dev.exceptionledger.review.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.review.persistence.RoutedInteraction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps a row per interaction that routing decided about, handed to a team or not: the audit samples the
 * agent-handled and discarded ones, and outcomes find an interaction by its externalId.
 */
@ApplicationScoped
public class RoutingConsumer {

    @Incoming("routed")
    @Blocking
    @Transactional
    public void onRouted(String value) {
        EventEnvelope envelope = Json.readEnvelope(value);
        if (InteractionRouted.TYPE.equals(envelope.type())) {
            RoutedInteraction.recordRouted(envelope, envelope.payloadAs(InteractionRouted.class));
        }
    }

    @Incoming("classified")
    @Blocking
    @Transactional
    public void onClassified(String value) {
        EventEnvelope envelope = Json.readEnvelope(value);
        if (InteractionClassified.TYPE.equals(envelope.type())) {
            RoutedInteraction.recordClassified(envelope, envelope.payloadAs(InteractionClassified.class));
        }
    }
}
