package dev.exceptionledger.classifier.messaging;

import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.classifier.domain.ScoredText;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.support.BatchOutputs;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Sealing;
import io.opentelemetry.context.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * interactions.received → interactions.classified, a poll's worth of records at a time: their texts are embedded
 * together (on every core), their outputs sent without waiting on each, and the batch returns — and is committed —
 * only once the broker acknowledged them all (at-least-once). Personal values are opened to be scored and sealed
 * again in the output ({@link Sealing}). Stateless: an output's eventId is derived from its
 * input's, so a redelivered batch yields the same events and downstream consumers drop the copies.
 */
@ApplicationScoped
public class ClassificationStage {

    private final ActiveClassifier classifier;
    private final Producers producers;
    private final MutinyEmitter<Record<String, String>> classified;
    private final EnvelopeInput input;
    private final Sealing sealing;
    private final MeterRegistry metrics;
    private final Timer batchTime;

    public ClassificationStage(ActiveClassifier classifier, Producers producers,
                               @Channel("classified") MutinyEmitter<Record<String, String>> classified,
                               @Channel("dead-letters") MutinyEmitter<Record<String, String>> deadLetters,
                               @ConfigProperty(name = "quarkus.application.name") String consumerGroup,
                               Sealing sealing, MeterRegistry metrics) {
        this.classifier = classifier;
        this.sealing = sealing;
        this.producers = producers;
        this.classified = classified;
        this.input = new EnvelopeInput(deadLetters, consumerGroup, sealing);
        this.metrics = metrics;
        // texts are embedded a batch at a time, so that is what is timed; per interaction: the sum over the count
        // of exledger_interactions_classified_total
        this.batchTime = Timer.builder("exledger.classification.batch")
                .description("time to classify one consumed batch of interactions, embedding included")
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofSeconds(10))
                .register(metrics);
    }

    /**
     * A record that cannot be read, or has nothing to score, goes to the dead letters on its own; the rest of the
     * batch is classified. Events of other types are skipped.
     */
    @Incoming("received")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        BatchOutputs outputs = new BatchOutputs();
        List<EventEnvelope> inputs = new ArrayList<>(records.count());
        List<InteractionReceived> interactions = new ArrayList<>(records.count());
        // each output is sent after the whole batch was scored, in the trace of the record that caused it
        List<Context> traces = new ArrayList<>(records.count());
        input.forEach(records, InteractionReceived.TYPE, outputs, envelope -> {
            InteractionReceived interaction = envelope.payloadAs(InteractionReceived.class);
            ScoredText.of(interaction); // throws when there is nothing to score
            inputs.add(envelope);
            interactions.add(interaction);
            traces.add(Context.current());
        });
        List<InteractionClassified> results = interactions.isEmpty() ? List.of()
                : batchTime.record(() -> classifier.current().classifyAll(interactions));
        List<EventEnvelope> events = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            events.add(EventEnvelope.causedBy(inputs.get(i), InteractionClassified.TYPE, producers.producer(),
                    results.get(i)));
        }
        sealing.seal(events, true);
        for (int i = 0; i < events.size(); i++) {
            outputs.send(classified, events.get(i), traces.get(i));
        }
        outputs.awaitAcksOfConsumedBatch();
        // counted once the broker has them: a batch that fails here is redelivered and counted then
        for (InteractionClassified result : results) {
            metrics.counter("exledger.interactions.classified", "intent", result.intent(),
                    "novel", Boolean.toString(result.novel())).increment();
        }
    }
}
