package dev.exceptionledger.review.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.review.persistence.RoutedInteraction;
import dev.exceptionledger.support.BatchOutputs;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps a row per interaction that routing decided about, handed to a team or not: the audit samples the
 * agent-handled and discarded ones, and outcomes find an interaction by its externalId. Every interaction passes
 * here, and most never reach a reviewer, so a poll's worth is stored in one transaction.
 */
@ApplicationScoped
public class RoutingConsumer {

    private static final Logger LOG = Logger.getLogger(RoutingConsumer.class);

    /**
     * Personal values stay sealed in these rows: most are never looked at, and an audit opens what it samples
     * ({@link AuditSampling}). A routing decision's row takes none of them anyway.
     */
    private final EnvelopeInput input;

    public RoutingConsumer(@ConfigProperty(name = "quarkus.application.name") String consumerGroup,
                           @Channel("dead-letters") MutinyEmitter<Record<String, String>> deadLetters) {
        this.input = EnvelopeInput.unopened(deadLetters, consumerGroup);
    }

    @Incoming("routed")
    @Blocking
    public void onRouted(ConsumerRecords<String, String> records) {
        store(records, InteractionRouted.TYPE, envelope -> {
            InteractionRouted routed = envelope.payloadAs(InteractionRouted.class);
            return () -> RoutedInteraction.recordRouted(envelope, routed);
        });
    }

    @Incoming("classified")
    @Blocking
    public void onClassified(ConsumerRecords<String, String> records) {
        store(records, InteractionClassified.TYPE, envelope -> {
            InteractionClassified classified = envelope.payloadAs(InteractionClassified.class);
            return () -> RoutedInteraction.recordClassified(envelope, classified);
        });
    }

    /**
     * Reads the batch (what cannot be read is dead-lettered) and runs every record's upsert in one transaction. Should
     * the database refuse one row, each record is stored in a transaction of its own and only the refused one is
     * dead-lettered. Returns once the dead letters are acknowledged, so the batch is committed after them.
     */
    private void store(ConsumerRecords<String, String> records, String type,
                       Function<EventEnvelope, Runnable> upsertOf) {
        BatchOutputs outputs = new BatchOutputs();
        List<Map.Entry<ConsumerRecord<String, String>, Runnable>> upserts = new ArrayList<>();
        input.forEach(records, type, outputs,
                (record, envelope) -> upserts.add(Map.entry(record, upsertOf.apply(envelope))));
        try {
            inTransaction(type + " ×" + upserts.size(), () -> upserts.forEach(upsert -> upsert.getValue().run()));
        } catch (RuntimeException e) {
            LOG.warnf("storing %d %s records at once failed (%s): one at a time", upserts.size(), type, e.getMessage());
            for (Map.Entry<ConsumerRecord<String, String>, Runnable> upsert : upserts) {
                input.forEach(List.of(upsert.getKey()), type, outputs,
                        envelope -> inTransaction(type + " " + envelope.eventId(), upsert.getValue()));
            }
        }
        outputs.awaitAcksOfConsumedBatch();
    }

    /** A database outage is waited out: a dead letter would leave the interaction out of audits and outcomes. */
    private static void inTransaction(String what, Runnable work) {
        DatabaseOutage.retry(what, () -> QuarkusTransaction.requiringNew().run(work));
    }
}
