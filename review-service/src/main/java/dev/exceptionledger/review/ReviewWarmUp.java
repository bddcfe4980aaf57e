package dev.exceptionledger.review;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.review.domain.ContactIds;
import dev.exceptionledger.review.domain.HandoffItem;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Sealing;
import dev.exceptionledger.support.WarmUp;
import dev.exceptionledger.support.WarmUpSamples;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Review's consumers' path before readiness ({@link dev.exceptionledger.support.WarmUpReadiness}): reads the sample
 * journeys' handoff, routed and classified envelopes and makes of them what the consumers store (a review item, the
 * routed interaction's columns and classification document), without writing anything; opening is rehearsed with a
 * key of the warm-up's own ({@link Sealing#rehearse}).
 */
@Singleton
public class ReviewWarmUp implements WarmUp {

    private final List<String> envelopes = WarmUpSamples.journeys().stream()
            .filter(e -> List.of(HandoffRequested.TYPE, InteractionRouted.TYPE, InteractionClassified.TYPE)
                    .contains(e.type()))
            .map(EventEnvelope::toJson).toList();

    @Override
    public String describe() {
        return "reads " + envelopes.size() + " sample handoff, routed and classified envelopes";
    }

    @Override
    public void round() {
        for (String value : envelopes) {
            EventEnvelope envelope = EnvelopeInput.read(value);
            Sealing.rehearse(List.of(envelope));
            switch (envelope.type()) {
                case HandoffRequested.TYPE -> HandoffItem.from(envelope);
                case InteractionRouted.TYPE -> envelope.payloadAs(InteractionRouted.class);
                default -> {
                    InteractionClassified classified = envelope.payloadAs(InteractionClassified.class);
                    ContactIds.of(classified.interaction());
                    envelope.payload().toString();
                }
            }
        }
    }
}
