package dev.exceptionledger.review.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.review.domain.HandoffItem;
import dev.exceptionledger.review.persistence.ReviewItem;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Sealing;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/** Turns each handoff into a review item, once. What cannot be read goes to the dead letters. */
@ApplicationScoped
public class HandoffConsumer {

    private static final Logger LOG = Logger.getLogger(HandoffConsumer.class);

    private final Sealing sealing;

    public HandoffConsumer(Sealing sealing) {
        this.sealing = sealing;
    }

    @Incoming("handoffs")
    @Blocking
    public void on(String value) {
        EventEnvelope envelope = EnvelopeInput.read(value);
        if (!HandoffRequested.TYPE.equals(envelope.type())) {
            return;
        }
        // reviewers read the packet: this service keeps it opened, and drops it on the subject's erasure
        sealing.open(List.of(envelope));
        HandoffItem item = HandoffItem.from(envelope);
        // a database outage is waited out: a dead letter would lose the review item
        DatabaseOutage.retry("handoff " + envelope.eventId(), () -> QuarkusTransaction.requiringNew().run(() -> {
            if (!ReviewItem.queueIfAbsent(item)) {
                LOG.debugf("handoff %s of interaction %s is already queued", envelope.eventId(), envelope.interactionId());
            }
        }));
    }
}
