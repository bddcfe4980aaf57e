package dev.exceptionledger.routing;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.routing.messaging.RoutingStage;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Sealing;
import dev.exceptionledger.support.WarmUp;
import dev.exceptionledger.support.WarmUpSamples;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The routing stage's path before readiness ({@link dev.exceptionledger.support.WarmUpReadiness}): reads the sample
 * classifications' envelopes and has {@link RoutingStage#decide} decide each with the active policy, then writes the
 * events it made, without sending them; opening and sealing are rehearsed with a key of the warm-up's own
 * ({@link Sealing#rehearse}).
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
            Sealing.rehearse(List.of(input));
            RoutingStage.Decided decided = RoutingStage.decide(policy.get(), producer, input);
            List<EventEnvelope> outputs = decided.handoff() == null ? List.of(decided.routed())
                    : List.of(decided.routed(), decided.handoff());
            Sealing.rehearse(outputs);
            outputs.forEach(EventEnvelope::toJson);
        }
    }
}
