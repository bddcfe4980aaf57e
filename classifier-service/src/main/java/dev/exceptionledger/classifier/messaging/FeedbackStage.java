package dev.exceptionledger.classifier.messaging;

import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.classifier.domain.FeedbackLearner;
import dev.exceptionledger.contracts.ClassifierFeedback;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.support.EnvelopeInput;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * classifier.feedback → a new taxonomy version, effective without restart. The channel reads the whole topic at
 * every start (its consumer group is new each time), so the learned versions are rebuilt after a restart.
 */
@ApplicationScoped
public class FeedbackStage {

    private final ActiveClassifier classifier;
    private final FeedbackLearner learner = new FeedbackLearner();

    public FeedbackStage(ActiveClassifier classifier) {
        this.classifier = classifier;
    }

    @Incoming("feedback")
    @Blocking
    public void on(String value) {
        EventEnvelope envelope = EnvelopeInput.read(value);
        if (!ClassifierFeedback.TYPE.equals(envelope.type())) {
            return;
        }
        ClassifierFeedback feedback = envelope.payloadAs(ClassifierFeedback.class);
        learner.learn(classifier.current().taxonomy(), feedback).ifPresent(classifier::activate);
    }
}
