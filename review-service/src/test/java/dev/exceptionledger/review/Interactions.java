package dev.exceptionledger.review;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.review.persistence.RoutedInteraction;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.List;

import static dev.exceptionledger.review.ReviewStack.ASYNC;
import static dev.exceptionledger.review.ReviewStack.kafka;
import static org.awaitility.Awaitility.await;

/** Classified and routed events like the classifier's and routing's, for interactions never handed to a team. */
public final class Interactions {
    private Interactions() { }

    public static EventEnvelope classified(String interactionId, String intent, boolean novel, String externalId) {
        InteractionReceived interaction = new InteractionReceived("chat", "Question", "How do I export invoices?",
                new Contact("Sam Doe", "sam@example.com", "Accountant", "Acme", 40), List.of(),
                new AgentDecision(intent, 0.9, "answered"), externalId, null, Instant.now());
        return EventEnvelope.first(InteractionClassified.TYPE, interactionId, "classifier-service@test",
                new InteractionClassified(intent, 0.9, novel ? 0.9 : 0.1, novel, 0.1, List.of(), true, "support",
                        false, List.of("close to known examples"), List.of(), "minilm-q@1", "b2b@1", interaction));
    }

    public static EventEnvelope routed(EventEnvelope classified, RoutingOutcome outcome, String reason) {
        return EventEnvelope.causedBy(classified, InteractionRouted.TYPE, "routing-service@test",
                new InteractionRouted(outcome, null, null, null, null, reason, "rule-" + reason, "policy@7",
                        outcome + " because " + reason));
    }

    /** Publishes both (the routing decision first: the order must not matter) and waits until both are known. */
    public static void publish(EventEnvelope classified, EventEnvelope routed) {
        kafka().produceStrings().fromRecords(
                new ProducerRecord<>(Topics.INTERACTIONS_ROUTED, routed.interactionId(), routed.toJson()),
                new ProducerRecord<>(Topics.INTERACTIONS_CLASSIFIED, classified.interactionId(), classified.toJson()))
                .awaitCompletion();
    }

    public static void awaitKnown(String interactionId) {
        await().atMost(ASYNC).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            RoutedInteraction r = RoutedInteraction.findById(interactionId);
            return r != null && r.outcome != null && r.intent != null;
        }));
    }
}
