package dev.exceptionledger.routing.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.routing.domain.RoutingDecision;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Producers;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Routes each classified interaction. Stateless: the output eventIds derive from the input's, so reprocessing
 * after a crash emits the same events and downstream consumers drop the copies.
 */
@ApplicationScoped
public class RoutingStage {

    private final RoutingPolicy policy;
    private final Producers producers;
    private final MutinyEmitter<Record<String, String>> routed;
    private final MutinyEmitter<Record<String, String>> handoffs;

    public RoutingStage(RoutingPolicy policy, Producers producers,
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
        RoutingDecision decision = policy.decide(classified, Instant.now());
        EventPublisher.publish(routed, EventEnvelope.causedBy(input, InteractionRouted.TYPE, producers.producer(),
                decision.toRouted()));
        if (decision.handsOff()) {
            EventPublisher.publish(handoffs, EventEnvelope.causedBy(input, HandoffRequested.TYPE,
                    producers.producer(), decision.toHandoff(classified)));
        }
    }
}
