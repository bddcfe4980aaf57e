package dev.exceptionledger.intake;

import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.intake.domain.InteractionValidator;
import dev.exceptionledger.intake.domain.Rejection;
import dev.exceptionledger.intake.domain.Validation;
import dev.exceptionledger.intake.persistence.IdempotencyKey;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Sealing;
import dev.exceptionledger.support.WarmUp;
import dev.exceptionledger.support.WarmUpSamples;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * Intake's request path before readiness ({@link dev.exceptionledger.support.WarmUpReadiness}): validates the sample
 * bodies, half of them with an Idempotency-Key (hashed), and writes each one's received or rejected envelope as
 * {@link Intake} would publish it (sealed under a key of the warm-up's own: {@link Sealing#rehearse}); looks an
 * Idempotency-Key up in a transaction of its own, as a request with a key does. Publishes nothing and claims no key (a
 * read only): it does not go through {@link Intake}, whose emitters start with the Kafka connector, after the
 * warm-up.
 */
@Singleton
public class IntakeWarmUp implements WarmUp {

    private final AgentActions agentActions;
    private final String producer;
    private final List<byte[]> bodies = WarmUpSamples.bodies();

    IntakeWarmUp(IntakeConfig config, Producers producers) {
        this.agentActions = Intake.agentActionsOf(config);
        this.producer = producers.producer();
    }

    @Override
    public String describe() {
        return "validates " + bodies.size() + " sample bodies, writes their envelopes and looks up a key";
    }

    @Override
    public void round() {
        Instant now = Instant.now();
        for (int i = 0; i < bodies.size(); i++) {
            byte[] body = bodies.get(i);
            String id = WarmUpSamples.ID_PREFIX + i;
            Validation validation = InteractionValidator.validate(body, i % 2 == 0 ? id : null, now, agentActions);
            EventEnvelope envelope;
            if (validation instanceof Validation.Valid valid) {
                envelope = EventEnvelope.first(InteractionReceived.TYPE, id, producer, valid.interaction());
            } else {
                Rejection rejection = ((Validation.Invalid) validation).rejection();
                envelope = EventEnvelope.first(InteractionRejected.TYPE, id, producer, new InteractionRejected(
                        rejection.reason().code(), rejection.detail(), rejection.violations(), rejection.channel(),
                        rejection.externalId(), body.length, now));
            }
            Sealing.rehearse(List.of(envelope));
            envelope.toJson();
        }
        QuarkusTransaction.requiringNew().call(() -> IdempotencyKey.findById(WarmUpSamples.ID_PREFIX + "key"));
    }
}
