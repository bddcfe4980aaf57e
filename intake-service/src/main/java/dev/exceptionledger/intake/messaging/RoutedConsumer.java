package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.intake.persistence.ImportStore;
import dev.exceptionledger.intake.persistence.ImportStore.Decision;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the routing decisions of imported interactions, so an import reports how much of it the pipeline has
 * routed: a poll's worth in one statement, since every decision passes here and most are live traffic's, which match
 * no import line and change nothing.
 */
@ApplicationScoped
public class RoutedConsumer {

    private final ImportStore store;

    public RoutedConsumer(ImportStore store) {
        this.store = store;
    }

    @Incoming("routed")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        List<Decision> decisions = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            EventEnvelope envelope;
            try {
                envelope = EnvelopeInput.read(record.value());
            } catch (IllegalArgumentException e) {
                // not ours to dead-letter: the topic's consumers of record (review, ledger) do, and a copy from here
                // would be recorded twice; nothing of an import is lost
                continue;
            }
            if (InteractionRouted.TYPE.equals(envelope.type())) {
                decisions.add(new Decision(envelope.interactionId(), envelope.occurredAt()));
            }
        }
        // an outage is waited out: a dead letter would leave the import's routed count short for good
        DatabaseOutage.retry("routed ×" + decisions.size(), () -> store.routed(decisions));
    }
}
