package dev.exceptionledger.ledger.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.support.EventPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Tells the services that keep copies of their own (review) that a subject was erased, on {@code subjects.erased},
 * and waits for the broker's acknowledgement: the erasure commits only once it has been told.
 */
@ApplicationScoped
public class ErasureAnnouncer {

    private final MutinyEmitter<Record<String, String>> erased;

    ErasureAnnouncer(@Channel("subjects-erased") MutinyEmitter<Record<String, String>> erased) {
        this.erased = erased;
    }

    public void announce(EventEnvelope subjectErased) {
        EventPublisher.publish(erased, subjectErased);
    }
}
