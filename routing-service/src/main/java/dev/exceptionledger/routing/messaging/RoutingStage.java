package dev.exceptionledger.routing.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.routing.ActivePolicy;
import dev.exceptionledger.routing.domain.RoutingDecision;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Producers;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.time.Instant;

/**
 * Routes each classified interaction. Stateless: the output eventIds derive from the input's, so reprocessing
 * after a crash emits the same events and downstream consumers drop the copies.
 */
@ApplicationScoped
public class RoutingStage {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final ActivePolicy policy;
    private final Producers producers;
    private final MutinyEmitter<Record<String, String>> routed;
    private final MutinyEmitter<Record<String, String>> handoffs;

    public RoutingStage(ActivePolicy policy, Producers producers,
                        @Channel("routed") MutinyEmitter<Record<String, String>> routed,
                        @Channel("handoffs") MutinyEmitter<Record<String, String>> handoffs) {
        this.policy = policy;
        this.producers = producers;
        this.routed = routed;
        this.handoffs = handoffs;
    }

    /** Returns only after the broker acknowledged every output, so the input is committed after them. */
    @Incoming("classified")
    @Blocking
    public void on(String value) {
        EventEnvelope input = Json.readEnvelope(value);
        if (!InteractionClassified.TYPE.equals(input.type())) {
            return;
        }
        InteractionClassified classified = input.payloadAs(InteractionClassified.class);
        RoutingDecision decision = policy.get().decide(classified, Instant.now());
        EventEnvelope routedEvent = EventEnvelope.causedBy(input, InteractionRouted.TYPE, producers.producer(),
                decision.toRouted());
        if (!decision.handsOff()) {
            EventPublisher.publish(routed, routedEvent);
            return;
        }
        EventEnvelope handoff = EventEnvelope.causedBy(input, HandoffRequested.TYPE, producers.producer(),
                decision.toHandoff(classified));
        // both outputs in flight at once (two topics, no order between them); return once both are acknowledged
        Uni.combine().all().unis(send(routed, routedEvent), send(handoffs, handoff)).discardItems()
                .await().atMost(ACK_TIMEOUT);
    }

    private static Uni<Void> send(MutinyEmitter<Record<String, String>> emitter, EventEnvelope envelope) {
        return emitter.send(Record.of(envelope.interactionId(), envelope.toJson()));
    }
}
