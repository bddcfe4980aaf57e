package dev.exceptionledger.ledger.messaging;

import dev.exceptionledger.ledger.api.EventToRecord;
import dev.exceptionledger.ledger.persistence.LedgerAppender;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.Producers;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every fact-carrying topic and the dead letters in the ledger, a poll's worth of records per transaction.
 * A batch is acknowledged when it has been appended (the method returns), so nothing is acknowledged before it is
 * recorded; a redelivered batch appends only what it did not append before.
 */
@ApplicationScoped
public class LedgerConsumer {

    private final LedgerAppender appender;
    private final String consumerGroup;
    private final String producer;

    LedgerConsumer(LedgerAppender appender, Producers producers,
                   @ConfigProperty(name = "quarkus.application.name") String consumerGroup) {
        this.appender = appender;
        this.consumerGroup = consumerGroup;
        this.producer = producers.producer();
    }

    /** All ledger input topics but the dead letters, on one channel (the topic list is in the configuration). */
    @Incoming("ledger-in")
    @Blocking
    public void record(ConsumerRecords<String, String> records) {
        List<EventToRecord> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            events.add(EventsToRecord.fromInput(record, consumerGroup, producer));
        }
        // a database outage is waited out: dead-lettering the batch would take its facts out of the ledger
        DatabaseOutage.retry("ledger-in batch", () -> appender.append(events));
    }

    @Incoming("deadletters")
    @Blocking
    public void recordDeadLetters(ConsumerRecords<String, String> records) {
        List<EventToRecord> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            events.add(EventsToRecord.fromDeadLetter(record, producer));
        }
        DatabaseOutage.retry("deadletters batch", () -> appender.append(events));
    }
}
