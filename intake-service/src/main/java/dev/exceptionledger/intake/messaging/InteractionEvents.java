package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.Channels;
import dev.exceptionledger.support.BatchOutputs;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Producers;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Publishes intake's two facts and returns only once the broker acknowledged them; counts each one published
 * ({@code exledger_interactions_received_total}, {@code exledger_interactions_rejected_total}).
 */
@ApplicationScoped
public class InteractionEvents {

    private final MutinyEmitter<Record<String, String>> received;
    private final MutinyEmitter<Record<String, String>> rejected;
    private final Producers producers;
    private final MeterRegistry metrics;

    public InteractionEvents(@Channel("received") MutinyEmitter<Record<String, String>> received,
                             @Channel("rejected") MutinyEmitter<Record<String, String>> rejected,
                             Producers producers, MeterRegistry metrics) {
        this.received = received;
        this.rejected = rejected;
        this.producers = producers;
        this.metrics = metrics;
    }

    public void received(String interactionId, InteractionReceived payload) {
        publish(received, EventEnvelope.first(InteractionReceived.TYPE, interactionId, producers.producer(), payload));
        countReceived(payload);
    }

    public void rejected(String interactionId, InteractionRejected payload) {
        publish(rejected, EventEnvelope.first(InteractionRejected.TYPE, interactionId, producers.producer(), payload));
        countRejected(payload);
    }

    /**
     * Sends an imported line's fact without waiting (the caller awaits the batch). Its eventId derives from the
     * interactionId, itself derived from the line: a batch sent again after a crash carries the same eventIds, and
     * every consumer drops the copies.
     */
    public void receivedInBatch(BatchOutputs batch, String interactionId, InteractionReceived payload) {
        batch.send(received, derived(InteractionReceived.TYPE, interactionId, payload));
        countReceived(payload);
    }

    public void rejectedInBatch(BatchOutputs batch, String interactionId, InteractionRejected payload) {
        batch.send(rejected, derived(InteractionRejected.TYPE, interactionId, payload));
        countRejected(payload);
    }

    private void countReceived(InteractionReceived payload) {
        metrics.counter("exledger.interactions.received", "channel", channelTag(payload.channel())).increment();
    }

    private void countRejected(InteractionRejected payload) {
        metrics.counter("exledger.interactions.rejected", "channel", channelTag(payload.channel()),
                "reason", payload.reason()).increment();
    }

    /** One of the known channels, else "unknown": a sender's typo must not become a time series of its own. */
    private static String channelTag(String channel) {
        return channel != null && Channels.ALL.contains(channel) ? channel : "unknown";
    }

    private EventEnvelope derived(String type, String interactionId, Object payload) {
        UUID eventId = UUID.nameUUIDFromBytes((interactionId + "/" + type).getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope(eventId, type, EventEnvelope.SCHEMA_VERSION, interactionId, Instant.now(),
                producers.producer(), interactionId, null, Json.tree(payload));
    }

    private static void publish(MutinyEmitter<Record<String, String>> emitter, EventEnvelope envelope) {
        try {
            EventPublisher.publish(emitter, envelope);
        } catch (RuntimeException e) {
            throw new BrokerUnavailableException(e);
        }
    }
}
