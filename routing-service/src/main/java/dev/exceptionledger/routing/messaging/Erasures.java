package dev.exceptionledger.routing.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.routing.persistence.ReviewVerdictStore;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
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

    public Erasures(ReviewVerdictStore store) {
        this.store = store;
    }

    @Incoming("erasures")
    @Blocking
    public void on(String value) {
        EventEnvelope envelope = EnvelopeInput.read(value);
        if (!SubjectErased.TYPE.equals(envelope.type())) {
            return;
        }
        SubjectErased erased = envelope.payloadAs(SubjectErased.class);
        if (erased.reviewIds() == null || erased.reviewIds().isEmpty()) {
            return;
        }
        int[] notes = {0};
        DatabaseOutage.retry("erasure " + envelope.eventId(), () -> notes[0] = store.eraseNotes(erased.reviewIds()));
        LOG.infof("erasure %s: %d verdict notes erased", envelope.eventId(), notes[0]);
    }
}
