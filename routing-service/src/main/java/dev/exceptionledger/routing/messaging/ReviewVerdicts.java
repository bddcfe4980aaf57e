package dev.exceptionledger.routing.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.routing.persistence.ReviewVerdictStore;
import dev.exceptionledger.support.BatchOutputs;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Sealing;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps every reviewer's verdict, the evidence policy suggestions learn precision from. Idempotent by eventId; a
 * record that cannot be read or stored is dead-lettered, while a database outage is waited out (a dead letter
 * would lose the verdict).
 */
@ApplicationScoped
public class ReviewVerdicts {

    private final ReviewVerdictStore store;
    private final EnvelopeInput input;

    public ReviewVerdicts(ReviewVerdictStore store,
                          @ConfigProperty(name = "quarkus.application.name") String consumerGroup,
                          @Channel("dead-letters") MutinyEmitter<Record<String, String>> deadLetters,
                          Sealing sealing) {
        this.store = store;
        this.input = new EnvelopeInput(deadLetters, consumerGroup, sealing);
    }

    @Incoming("reviews")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        BatchOutputs outputs = new BatchOutputs();
        input.forEach(records, ReviewRecorded.TYPE, outputs, this::record);
        outputs.awaitAcksOfConsumedBatch();
    }

    private void record(EventEnvelope envelope) {
        ReviewRecorded review = envelope.payloadAs(ReviewRecorded.class);
        if (review.reviewId() == null || review.verdict() == null) {
            throw new IllegalArgumentException("ReviewRecorded " + envelope.eventId() + " lacks reviewId or verdict");
        }
        DatabaseOutage.retry("verdict " + review.reviewId(), () -> store.record(envelope.eventId(), review));
    }
}
