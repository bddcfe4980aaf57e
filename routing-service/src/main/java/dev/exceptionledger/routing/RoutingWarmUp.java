package dev.exceptionledger.routing;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.routing.domain.RoutingDecision;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.WarmUp;
import dev.exceptionledger.support.WarmUpSamples;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * The routing stage's path before readiness ({@link dev.exceptionledger.support.WarmUpReadiness}): reads the sample
 * classifications' envelopes, decides each with the active policy and writes the InteractionRouted and
 * HandoffRequested envelopes, as {@code RoutingStage} does, without sending them.
 */
@Singleton
public class RoutingWarmUp implements WarmUp {

    private final ActivePolicy policy;
    private final String producer;
    private final List<String> classified = WarmUpSamples.journeys().stream()
            .filter(e -> InteractionClassified.TYPE.equals(e.type())).map(EventEnvelope::toJson).toList();

    RoutingWarmUp(ActivePolicy policy, Producers producers) {
        this.policy = policy;
        this.producer = producers.producer();
    }

    @Override
    public String describe() {
        return "decides " + classified.size() + " sample classifications with the active policy";
    }

    @Override
    public void round() {
        for (String value : classified) {
            EventEnvelope input = EnvelopeInput.read(value);
            InteractionClassified classification = input.payloadAs(InteractionClassified.class);
            RoutingDecision decision = policy.get().decide(classification, Instant.now());
            EventEnvelope.causedBy(input, InteractionRouted.TYPE, producer, decision.toRouted()).toJson();
            if (decision.handsOff()) {
                EventEnvelope.causedBy(input, HandoffRequested.TYPE, producer, decision.toHandoff(classification))
                        .toJson();
            }
        }
    }
}
