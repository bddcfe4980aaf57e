package dev.exceptionledger.routing.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.routing.persistence.ReviewVerdictStore;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Sealing;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The ledger erased a subject: the notes of the verdicts on its interactions, which policy suggestions list, are
 * erased here too. Idempotent; a database outage is waited out (a dead letter would leave the notes readable).
 */
@ApplicationScoped
public class Erasures {

    private static final Logger LOG = Logger.getLogger(Erasures.class);

    private final ReviewVerdictStore store;
    private final EnvelopeInput input;
    private final Sealing sealing;

    public Erasures(ReviewVerdictStore store, @ConfigProperty(name = "quarkus.application.name") String consumerGroup,
                    @Channel("dead-letters") MutinyEmitter<Record<String, String>> deadLetters, Sealing sealing) {
        this.store = store;
        this.input = new EnvelopeInput(deadLetters, consumerGroup, sealing);
        this.sealing = sealing;
    }

    @Incoming("erasures")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        input.accept(record, SubjectErased.TYPE, this::erase);
    }

    private void erase(EventEnvelope envelope) {
        SubjectErased erased = envelope.payloadAs(SubjectErased.class);
        sealing.forget(erased.keys());
        if (erased.reviewIds() == null || erased.reviewIds().isEmpty()) {
            return;
        }
        int[] notes = {0};
        DatabaseOutage.retry("erasure " + envelope.eventId(), () -> notes[0] = store.eraseNotes(erased.reviewIds()));
        LOG.infof("erasure %s: %d verdict notes erased", envelope.eventId(), notes[0]);
    }
}
