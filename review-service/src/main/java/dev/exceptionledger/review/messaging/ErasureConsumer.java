package dev.exceptionledger.review.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.review.persistence.ErasedSubjects;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The ledger erased a subject: its personal values go from this service's copies too. Idempotent (a redelivery
 * erases what is already erased).
 */
@ApplicationScoped
public class ErasureConsumer {

    private static final Logger LOG = Logger.getLogger(ErasureConsumer.class);

    @Incoming("erasures")
    @Blocking
    public void on(String value) {
        EventEnvelope envelope = EnvelopeInput.read(value);
        if (!SubjectErased.TYPE.equals(envelope.type())) {
            return;
        }
        SubjectErased erased = envelope.payloadAs(SubjectErased.class);
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
