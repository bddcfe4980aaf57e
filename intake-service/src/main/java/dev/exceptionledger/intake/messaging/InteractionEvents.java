package dev.exceptionledger.intake.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.contracts.Channels;
import dev.exceptionledger.support.BatchOutputs;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Sealing;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes intake's two facts, their personal values sealed under the subject's key (where personal data enters the
 * suite, {@link Sealing}), and returns only once the broker acknowledged them; counts each one published
 * ({@code exledger_interactions_received_total}, {@code exledger_interactions_rejected_total}).
 */
@ApplicationScoped
public class InteractionEvents {

    private final MutinyEmitter<Record<String, String>> received;
    private final MutinyEmitter<Record<String, String>> rejected;
    private final Producers producers;
    private final MeterRegistry metrics;
    private final Sealing sealing;

    public InteractionEvents(@Channel("received") MutinyEmitter<Record<String, String>> received,
                             @Channel("rejected") MutinyEmitter<Record<String, String>> rejected,
                             Producers producers, MeterRegistry metrics, Sealing sealing) {
        this.received = received;
        this.sealing = sealing;
        this.rejected = rejected;
        this.producers = producers;
        this.metrics = metrics;
    }

    public void received(String interactionId, InteractionReceived payload) {
        publish(received, sealing.seal(EventEnvelope.first(InteractionReceived.TYPE, interactionId,
                producers.producer(), payload)));
        countReceived(payload);
    }

    public void rejected(String interactionId, InteractionRejected payload) {
        publish(rejected, sealing.seal(EventEnvelope.first(InteractionRejected.TYPE, interactionId,
                producers.producer(), payload)));
        countRejected(payload);
    }

    /** The facts of a batch of imported lines, sent together. */
    public Batch batch() {
        return new Batch();
    }

    /**
     * An import batch's facts: sealed together (one call to the key store), then sent together, and
     * {@link #publish()} returns once the broker acknowledged them all. Each eventId derives from the interactionId,
     * itself derived from the line: a batch sent again after a crash carries the same eventIds, and every consumer
     * drops the copies. Not thread-safe: one per batch.
     */
    public final class Batch {
        private final List<EventEnvelope> envelopes = new ArrayList<>();
        private final List<MutinyEmitter<Record<String, String>>> topics = new ArrayList<>();
        private final List<Runnable> counts = new ArrayList<>();

        private Batch() { }

        public void received(String interactionId, InteractionReceived payload) {
            envelopes.add(derived(InteractionReceived.TYPE, interactionId, payload));
            topics.add(InteractionEvents.this.received);
            counts.add(() -> countReceived(payload));
        }

        public void rejected(String interactionId, InteractionRejected payload) {
            envelopes.add(derived(InteractionRejected.TYPE, interactionId, payload));
            topics.add(InteractionEvents.this.rejected);
            counts.add(() -> countRejected(payload));
        }

        public void publish() {
            sealing.seal(envelopes, false);
            BatchOutputs outputs = new BatchOutputs();
            for (int i = 0; i < envelopes.size(); i++) {
                outputs.send(topics.get(i), envelopes.get(i));
            }
            outputs.awaitAcks();
            // counted once the broker has them
            counts.forEach(Runnable::run);
        }
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
        JsonNode tree = Json.tree(payload);
        return new EventEnvelope(eventId, type, EventEnvelope.SCHEMA_VERSION, interactionId, Instant.now(),
                producers.producer(), interactionId, null, tree,
                PersonalFields.contactIdOf(tree, interactionId).orElse(null));
    }

    private static void publish(MutinyEmitter<Record<String, String>> emitter, EventEnvelope envelope) {
        try {
            EventPublisher.publish(emitter, envelope);
        } catch (RuntimeException e) {
            throw new BrokerUnavailableException(e);
        }
    }
}
