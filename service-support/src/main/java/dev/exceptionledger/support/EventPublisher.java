package dev.exceptionledger.support;

import dev.exceptionledger.contracts.EventEnvelope;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.time.Duration;

/**
 * Sends an envelope keyed by its interactionId, in the current trace (an HTTP request's, a consumed record's), and
 * waits until the broker has acknowledged it.
 */
public final class EventPublisher {
    private EventPublisher() { }

    /** How long any output of the suite may wait for the broker's acknowledgement before it counts as failed. */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    public static void publish(MutinyEmitter<Record<String, String>> emitter, EventEnvelope envelope) {
        emitter.sendMessage(Traces.message(Record.of(envelope.interactionId(), envelope.toJson()), Metadata.empty(),
                Context.current())).await().atMost(ACK_TIMEOUT);
    }
}
