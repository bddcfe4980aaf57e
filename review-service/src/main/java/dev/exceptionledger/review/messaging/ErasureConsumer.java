package dev.exceptionledger.review.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.review.persistence.ErasedSubjects;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Sealing;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
 * The ledger erased a subject: its personal values go from this service's copies too. Idempotent (a redelivery
 * erases what is already erased).
 */
@ApplicationScoped
public class ErasureConsumer {

    private static final Logger LOG = Logger.getLogger(ErasureConsumer.class);

    private final EnvelopeInput input;
    private final Sealing sealing;

    public ErasureConsumer(@ConfigProperty(name = "quarkus.application.name") String consumerGroup,
                           @Channel("dead-letters") MutinyEmitter<Record<String, String>> deadLetters,
                           Sealing sealing) {
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
        if (erased.interactionIds() == null || erased.interactionIds().isEmpty()) {
            return;
        }
        // a database outage is waited out: a dead letter would leave the copies readable
        int[] rows = {0};
        DatabaseOutage.retry("erasure " + envelope.eventId(), () -> QuarkusTransaction.requiringNew()
                .run(() -> rows[0] = ErasedSubjects.erase(erased.interactionIds())));
        LOG.infof("erasure %s: personal values dropped from %d rows of %d interactions", envelope.eventId(), rows[0],
                erased.interactionIds().size());
    }
}
