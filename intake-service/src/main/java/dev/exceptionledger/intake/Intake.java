package dev.exceptionledger.intake;

import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.intake.domain.InteractionValidator;
import dev.exceptionledger.intake.domain.Rejection;
import dev.exceptionledger.intake.domain.RejectionReason;
import dev.exceptionledger.intake.domain.Validation;
import dev.exceptionledger.intake.messaging.InteractionEvents;
import dev.exceptionledger.intake.persistence.DatabaseUnavailableException;
import dev.exceptionledger.intake.persistence.IdempotencyKey;
import dev.exceptionledger.support.DatabaseOutage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Intake's one use case, shared by the HTTP endpoint and the ingress topic: validate, apply the idempotency key,
 * publish exactly one fact per input (received or rejected) and return only after the broker acknowledged it.
 */
@ApplicationScoped
@Startup // a wrong table of agent actions fails the start, not the first request
public class Intake {

    private final InteractionEvents events;
    private final AgentActions agentActions;

    public Intake(InteractionEvents events, IntakeConfig config) {
        this.events = events;
        this.agentActions = agentActionsOf(config);
    }

    /** The shipped table of agent actions plus intake.agent-actions; throws when the configured one is wrong. */
    static AgentActions agentActionsOf(IntakeConfig config) {
        try {
            return AgentActions.DEFAULT.with(config.agentActions());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("intake.agent-actions: " + e.getMessage(), e);
        }
    }

    /** The table mapping agents' words onto canonical actions (shipped, plus intake.agent-actions). */
    public AgentActions agentActions() {
        return agentActions;
    }

    /**
     * @param interactionId the new interaction's id, or for a replay the id of the first one, or of the rejection
     * @param rejection     null when the interaction was received
     * @param replayed      the idempotency key was already used with the same content: nothing was published
     */
    public record Outcome(String interactionId, Rejection rejection, boolean replayed) {
        public boolean received() {
            return rejection == null;
        }
    }

    public Outcome submit(byte[] body, String idempotencyKey) {
        Instant now = Instant.now();
        Validation validation = InteractionValidator.validate(body, idempotencyKey, now, agentActions);
        if (validation instanceof Validation.Invalid invalid) {
            return reject(invalid.rejection(), body.length);
        }
        Validation.Valid valid = (Validation.Valid) validation;
        if (idempotencyKey == null) {
            String id = UUID.randomUUID().toString();
            events.received(id, valid.interaction());
            return new Outcome(id, null, false);
        }
        // the claim and the publish share a transaction: a failed publish releases the key for a retry
        Outcome outcome;
        try {
            outcome = QuarkusTransaction.requiringNew().call(() -> claimAndPublish(valid, now));
        } catch (RuntimeException e) {
            if (DatabaseOutage.isCause(e)) {
                throw new DatabaseUnavailableException(e);
            }
            throw e;
        }
        if (outcome.rejection() != null) {
            return reject(outcome.rejection(), body.length);
        }
        return outcome;
    }

    /** Publishes an InteractionRejected under a fresh interactionId: every refusal counts in the funnel. */
    public Outcome reject(Rejection rejection, long bodyBytes) {
        String id = UUID.randomUUID().toString();
        events.rejected(id, new InteractionRejected(rejection.reason().code(), rejection.detail(),
                rejection.violations(), rejection.channel(), rejection.externalId(), bodyBytes, Instant.now()));
        return new Outcome(id, rejection, false);
    }

    private Outcome claimAndPublish(Validation.Valid valid, Instant now) {
        InteractionReceived interaction = valid.interaction();
        String key = interaction.idempotencyKey();
        String id = UUID.randomUUID().toString();
        if (IdempotencyKey.claim(key, id, valid.requestHash(), now)) {
            events.received(id, interaction);
            return new Outcome(id, null, false);
        }
        IdempotencyKey existing = IdempotencyKey.findById(key);
        if (existing.requestHash.equals(valid.requestHash())) {
            return new Outcome(existing.interactionId, null, true);
        }
        return new Outcome(null, new Rejection(RejectionReason.IDEMPOTENCY_CONFLICT,
                "the Idempotency-Key was already used for different content (interaction " + existing.interactionId
                        + "): send a new key for a new interaction, or the same content to repeat the first",
                List.of(new Violation("Idempotency-Key",
                        "already used for different content: use a new key")),
                interaction.channel(), interaction.externalId()), false);
    }
}
