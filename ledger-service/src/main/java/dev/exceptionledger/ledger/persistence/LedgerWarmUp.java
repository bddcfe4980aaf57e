package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.ledger.api.EventToRecord;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.domain.ChainHash;
import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import dev.exceptionledger.ledger.domain.PersonalData;
import dev.exceptionledger.ledger.messaging.EventsToRecord;
import dev.exceptionledger.support.PersonalSeal;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.WarmUp;
import dev.exceptionledger.support.WarmUpSamples;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.common.DateTimeUtils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's per-event path before readiness ({@link dev.exceptionledger.support.WarmUpReadiness}): takes the sample
 * journeys as records of their topics, makes each the event to record, asks the event store, in a transaction, which
 * of them are recorded and what sequence numbers follow (the reads of {@link LedgerAppender#append}), makes each
 * event's row (personal fields sealed with a key of the warm-up's own, the stored JSON) and its chain hash as the
 * appender does, and reads the row back and reveals it as a replay does. Nothing is written: rows and hashes are
 * dropped.
 */
@Singleton
public class LedgerWarmUp implements WarmUp {

    private final LedgerAppender appender;
    private final AgroalDataSource dataSource;
    private final String consumerGroup;
    private final String producer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    LedgerWarmUp(LedgerAppender appender, AgroalDataSource dataSource, Producers producers,
                 @ConfigProperty(name = "quarkus.application.name") String consumerGroup) {
        this.appender = appender;
        this.dataSource = dataSource;
        this.consumerGroup = consumerGroup;
        this.producer = producers.producer();
        for (EventEnvelope envelope : WarmUpSamples.journeys()) {
            records.add(new ConsumerRecord<>(topicOf(envelope.type()), 0, records.size(), envelope.interactionId(),
                    envelope.toJson()));
        }
    }

    @Override
    public String describe() {
        return "records " + records.size() + " sample events without writing them (the store's reads, row, seal, "
                + "chain hash, replay)";
    }

    @Override
    public void round() {
        SecretKey key = PersonalSeal.newKey();
        String recordedAt = DateTimeUtils.formatInstant(Instant.now());
        byte[] previous = ChainHash.GENESIS;
        List<EventToRecord> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            events.add(EventsToRecord.fromInput(record, consumerGroup, producer));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                LedgerAppender.nextSequences(connection, LedgerAppender.notYetRecorded(connection, events));
            } catch (SQLException e) {
                throw new IllegalStateException("the warm-up's reads of the event store failed: " + e.getMessage(), e);
            }
        });
        try (JsonGenerator out = Json.mapper().getFactory().createGenerator(OutputStream.nullOutputStream())) {
            for (int i = 0; i < events.size(); i++) {
                EventToRecord event = events.get(i);
                ConsumerRecord<String, String> record = records.get(i);
                String subject = PersonalData.subjectOf(event.type(), event.payload(), event.interactionId())
                        .orElse(null);
                StoredEvent row = appender.row(event, record.offset(), 0, subject, key, recordedAt);
                previous = ChainHash.next(previous, row);
                InteractionEventRecorded stored = StoredEventJson.read(row.payload());
                if (stored.payload() != null) {
                    PersonalData.revealTo(stored.payload(), key, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String topicOf(String type) {
        return switch (type) {
            case InteractionReceived.TYPE -> Topics.INTERACTIONS_RECEIVED;
            case InteractionClassified.TYPE -> Topics.INTERACTIONS_CLASSIFIED;
            case HandoffRequested.TYPE -> Topics.HANDOFFS_REQUESTED;
            default -> Topics.INTERACTIONS_ROUTED;
        };
    }
}
