package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Producers;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes intake's two facts and returns only once the broker acknowledged them. */
@ApplicationScoped
public class InteractionEvents {

    @Inject
    @Channel("received")
    MutinyEmitter<Record<String, String>> received;

    @Inject
    @Channel("rejected")
    MutinyEmitter<Record<String, String>> rejected;

    @Inject
    Producers producers;

    public void received(String interactionId, InteractionReceived payload) {
        publish(received, EventEnvelope.first(InteractionReceived.TYPE, interactionId, producers.producer(), payload));
    }

    public void rejected(String interactionId, InteractionRejected payload) {
        publish(rejected, EventEnvelope.first(InteractionRejected.TYPE, interactionId, producers.producer(), payload));
    }

    private static void publish(MutinyEmitter<Record<String, String>> emitter, EventEnvelope envelope) {
        try {
            EventPublisher.publish(emitter, envelope);
        } catch (RuntimeException e) {
            throw new BrokerUnavailableException(e);
        }
    }
}
