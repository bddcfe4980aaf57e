package dev.exceptionledger.support;

import dev.exceptionledger.contracts.EventEnvelope;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.MutinyEmitter;

import java.time.Duration;

/** Sends an envelope keyed by its interactionId and waits until the broker has acknowledged it. */
public final class EventPublisher {
    private EventPublisher() { }

    /** How long any output of the suite may wait for the broker's acknowledgement before it counts as failed. */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    public static void publish(MutinyEmitter<Record<String, String>> emitter, EventEnvelope envelope) {
        emitter.send(Record.of(envelope.interactionId(), envelope.toJson())).await().atMost(ACK_TIMEOUT);
    }
}
