package dev.exceptionledger.review.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.support.EventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every event this service publishes; each call returns only once the broker acknowledged. */
@ApplicationScoped
public class ReviewEvents {

    /** Sent together, then awaited together: fewer round trips than one at a time, within the emitter's buffer. */
    static final int CHUNK = 100;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    @Channel("reviews-recorded")
    MutinyEmitter<Record<String, String>> recorded;

    @Inject
    @Channel("rerouted")
    MutinyEmitter<Record<String, String>> rerouted;

    @Inject
    @Channel("feedback")
    MutinyEmitter<Record<String, String>> feedback;

    @Inject
    @Channel("outcomes")
    MutinyEmitter<Record<String, String>> outcomes;

    /** On reviews.recorded: verdicts and the audit's facts. */
    public void recorded(EventEnvelope envelope) {
        EventPublisher.publish(recorded, envelope);
    }

    public void recorded(List<EventEnvelope> envelopes) {
        for (int from = 0; from < envelopes.size(); from += CHUNK) {
            List<Uni<Void>> sends = new ArrayList<>();
            for (EventEnvelope e : envelopes.subList(from, Math.min(from + CHUNK, envelopes.size()))) {
                sends.add(recorded.send(Record.of(e.interactionId(), e.toJson())));
            }
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        }
    }

    /** On interactions.routed: a reviewer's reroute. */
    public void rerouted(EventEnvelope envelope) {
        EventPublisher.publish(rerouted, envelope);
    }

    /** On classifier.feedback. */
    public void feedback(EventEnvelope envelope) {
        EventPublisher.publish(feedback, envelope);
    }

    /** On outcomes.reported. */
    public void outcome(EventEnvelope envelope) {
        EventPublisher.publish(outcomes, envelope);
    }
}
