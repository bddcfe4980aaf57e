package dev.exceptionledger.classifier.messaging;

import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Producers;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * interactions.received → interactions.classified. Stateless: the output's eventId is derived from the input's, so
 * a redelivered input yields the same event and downstream consumers drop the copy.
 */
@ApplicationScoped
public class ClassificationStage {

    private final ActiveClassifier classifier;
    private final Producers producers;
    private final MutinyEmitter<Record<String, String>> classified;

    public ClassificationStage(ActiveClassifier classifier, Producers producers,
                               @Channel("classified") MutinyEmitter<Record<String, String>> classified) {
        this.classifier = classifier;
        this.producers = producers;
        this.classified = classified;
    }

    /** Acknowledged only after the broker acknowledged the output; what cannot be read goes to the dead letters. */
    @Incoming("received")
    @Blocking
    public void on(String value) {
        EventEnvelope received = Json.readEnvelope(value);
        if (!InteractionReceived.TYPE.equals(received.type())) {
            return;
        }
        InteractionClassified result = classifier.current().classify(received.payloadAs(InteractionReceived.class));
        EventPublisher.publish(classified,
                EventEnvelope.causedBy(received, InteractionClassified.TYPE, producers.producer(), result));
    }
}
