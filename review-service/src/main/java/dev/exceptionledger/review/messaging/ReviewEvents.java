package dev.exceptionledger.review.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.support.BatchOutputs;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Sealing;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.List;

/**
 * Every event this service publishes, its personal values (a reviewer's note, a corrected text, an outcome's note)
 * sealed under the subject's key ({@link Sealing}); each call returns only once the broker acknowledged.
 */
@ApplicationScoped
public class ReviewEvents {

    /** Sent together, then awaited together: fewer round trips than one at a time, within the emitter's buffer. */
    private static final int CHUNK = 100;

    private final MutinyEmitter<Record<String, String>> recorded;
    private final MutinyEmitter<Record<String, String>> rerouted;
    private final MutinyEmitter<Record<String, String>> feedback;
    private final MutinyEmitter<Record<String, String>> outcomes;
    private final Sealing sealing;

    public ReviewEvents(@Channel("reviews-recorded") MutinyEmitter<Record<String, String>> recorded,
                        @Channel("rerouted") MutinyEmitter<Record<String, String>> rerouted,
                        @Channel("feedback") MutinyEmitter<Record<String, String>> feedback,
                        @Channel("outcomes") MutinyEmitter<Record<String, String>> outcomes, Sealing sealing) {
        this.sealing = sealing;
        this.recorded = recorded;
        this.rerouted = rerouted;
        this.feedback = feedback;
        this.outcomes = outcomes;
    }

    /** On reviews.recorded: verdicts and the audit's facts. */
    public void recorded(EventEnvelope envelope) {
        EventPublisher.publish(recorded, sealing.seal(envelope));
    }

    /** On reviews.recorded, {@link #CHUNK} at a time: an audit run's picks. */
    public void recorded(List<EventEnvelope> envelopes) {
        for (int from = 0; from < envelopes.size(); from += CHUNK) {
            BatchOutputs chunk = new BatchOutputs();
            List<EventEnvelope> sealed = envelopes.subList(from, Math.min(from + CHUNK, envelopes.size()));
            sealing.seal(sealed, false);
            for (EventEnvelope envelope : sealed) {
                chunk.send(recorded, envelope);
            }
            chunk.awaitAcks();
        }
    }

    /** On interactions.routed: a reviewer's reroute. */
    public void rerouted(EventEnvelope envelope) {
        EventPublisher.publish(rerouted, sealing.seal(envelope));
    }

    /** On classifier.feedback. */
    public void feedback(EventEnvelope envelope) {
        EventPublisher.publish(feedback, sealing.seal(envelope));
    }

    /** On outcomes.reported. */
    public void outcome(EventEnvelope envelope) {
        EventPublisher.publish(outcomes, sealing.seal(envelope));
    }
}
