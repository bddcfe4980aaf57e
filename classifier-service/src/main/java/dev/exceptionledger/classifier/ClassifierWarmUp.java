package dev.exceptionledger.classifier;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Sealing;
import dev.exceptionledger.support.WarmUp;
import dev.exceptionledger.support.WarmUpSamples;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The classification stage's path before readiness ({@link dev.exceptionledger.support.WarmUpReadiness}): reads the
 * sample interactions' envelopes, classifies them together with the active taxonomy's classifier (the encoder
 * included) and writes the InteractionClassified envelopes, as {@code ClassificationStage} does, without sending
 * them; opening and sealing are rehearsed with a key of the warm-up's own ({@link Sealing#rehearse}).
 */
@Singleton
public class ClassifierWarmUp implements WarmUp {

    private final ActiveClassifier classifier;
    private final String producer;
    private final List<String> received = WarmUpSamples.journeys().stream()
            .filter(e -> InteractionReceived.TYPE.equals(e.type())).map(EventEnvelope::toJson).toList();

    ClassifierWarmUp(ActiveClassifier classifier, Producers producers) {
        this.classifier = classifier;
        this.producer = producers.producer();
    }

    @Override
    public String describe() {
        return "classifies " + received.size() + " sample interactions";
    }

    @Override
    public void round() {
        List<EventEnvelope> inputs = new ArrayList<>(received.size());
        List<InteractionReceived> interactions = new ArrayList<>(received.size());
        for (String value : received) {
            EventEnvelope envelope = EnvelopeInput.read(value);
            inputs.add(envelope);
            interactions.add(envelope.payloadAs(InteractionReceived.class));
        }
        Sealing.rehearse(inputs);
        List<InteractionClassified> results = classifier.current().classifyAll(interactions);
        List<EventEnvelope> outputs = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            outputs.add(EventEnvelope.causedBy(inputs.get(i), InteractionClassified.TYPE, producer, results.get(i)));
        }
        Sealing.rehearse(outputs);
        outputs.forEach(EventEnvelope::toJson);
    }
}
