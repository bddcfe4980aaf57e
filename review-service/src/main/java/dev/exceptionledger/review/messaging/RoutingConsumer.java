package dev.exceptionledger.review.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.review.persistence.RoutedInteraction;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps a row per interaction that routing decided about, handed to a team or not: the audit samples the
 * agent-handled and discarded ones, and outcomes find an interaction by its externalId.
 */
@ApplicationScoped
public class RoutingConsumer {

    @Incoming("routed")
    @Blocking
    public void onRouted(String value) {
        EventEnvelope envelope = EnvelopeInput.read(value);
        if (InteractionRouted.TYPE.equals(envelope.type())) {
            InteractionRouted routed = envelope.payloadAs(InteractionRouted.class);
            inTransaction(envelope, () -> RoutedInteraction.recordRouted(envelope, routed));
        }
    }

    @Incoming("classified")
    @Blocking
    public void onClassified(String value) {
        EventEnvelope envelope = EnvelopeInput.read(value);
        if (InteractionClassified.TYPE.equals(envelope.type())) {
            InteractionClassified classified = envelope.payloadAs(InteractionClassified.class);
            inTransaction(envelope, () -> RoutedInteraction.recordClassified(envelope, classified));
        }
    }

    /** A database outage is waited out: a dead letter would leave the interaction out of audits and outcomes. */
    private static void inTransaction(EventEnvelope envelope, Runnable work) {
        DatabaseOutage.retry(envelope.type() + " " + envelope.eventId(), () -> QuarkusTransaction.requiringNew().run(work));
    }
}
