package dev.exceptionledger.routing.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.routing.ActivePolicy;
import dev.exceptionledger.routing.domain.RoutingDecision;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import dev.exceptionledger.support.BatchOutputs;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Sealing;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes classified interactions a poll's worth at a time, on their opened personal values (a rule may read the
 * contact's title), sealing them again in what it sends ({@link Sealing}). Stateless: the output eventIds derive from the input's,
 * so reprocessing after a crash emits the same events and downstream consumers drop the copies.
 */
@ApplicationScoped
public class RoutingStage {

    private final ActivePolicy policy;
    private final Producers producers;
    private final MutinyEmitter<Record<String, String>> routed;
    private final MutinyEmitter<Record<String, String>> handoffs;
    private final EnvelopeInput input;
    private final Sealing sealing;
    private final MeterRegistry metrics;

    public RoutingStage(ActivePolicy policy, Producers producers,
                        @ConfigProperty(name = "quarkus.application.name") String consumerGroup,
                        @Channel("routed") MutinyEmitter<Record<String, String>> routed,
                        @Channel("handoffs") MutinyEmitter<Record<String, String>> handoffs,
                        @Channel("dead-letters") MutinyEmitter<Record<String, String>> deadLetters,
                        Sealing sealing, MeterRegistry metrics) {
        this.policy = policy;
        this.sealing = sealing;
        this.producers = producers;
        this.routed = routed;
        this.handoffs = handoffs;
        this.input = new EnvelopeInput(deadLetters, consumerGroup, sealing);
        this.metrics = metrics;
    }

    /**
     * Decides every record of the batch and sends all outputs at once; returns only after the broker acknowledged
     * every one of them, so the batch is committed after its outputs. A record that cannot be read or decided is
     * dead-lettered on its own; the rest of the batch goes on.
     */
    @Incoming("classified")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        BatchOutputs outputs = new BatchOutputs();
        List<RoutingDecision> decisions = new ArrayList<>();
        input.forEach(records, InteractionClassified.TYPE, outputs,
                envelope -> decisions.add(route(envelope, outputs)));
        outputs.awaitAcksOfConsumedBatch();
        // counted once the broker has them: a batch that fails here is redelivered and counted then
        for (RoutingDecision decision : decisions) {
            metrics.counter("exledger.interactions.routed", "outcome", decision.outcome().name(),
                    "team", decision.team() == null ? "none" : decision.team(), "rule", decision.ruleId() == null ? "none" : decision.ruleId())
                    .increment();
        }
    }

    private RoutingDecision route(EventEnvelope input, BatchOutputs outputs) {
        // both events built before either is sent: a record that fails here is dead-lettered with nothing half-sent
        Decided decided = decide(policy.get(), producers.producer(), input);
        sealing.seal(decided.handoff() == null ? List.of(decided.routed())
                : List.of(decided.routed(), decided.handoff()), true);
        outputs.send(routed, decided.routed());
        if (decided.handoff() != null) {
            outputs.send(handoffs, decided.handoff());
        }
        return decided.decision();
    }

    /** The decision on one classified interaction and the events it makes; the handoff is null unless it hands off. */
    public record Decided(RoutingDecision decision, EventEnvelope routed, EventEnvelope handoff) { }

    /**
     * Decides one InteractionClassified envelope with {@code policy}, sending nothing. Static, so that the warm-up runs
     * it before the stage's emitters exist.
     */
    public static Decided decide(RoutingPolicy policy, String producer, EventEnvelope input) {
        InteractionClassified classified = input.payloadAs(InteractionClassified.class);
        RoutingDecision decision = policy.decide(classified, Instant.now());
        return new Decided(decision,
                EventEnvelope.causedBy(input, InteractionRouted.TYPE, producer, decision.toRouted()),
                decision.handsOff() ? EventEnvelope.causedBy(input, HandoffRequested.TYPE, producer,
                        decision.toHandoff(classified)) : null);
    }
}
