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
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.WarmUp;
import dev.exceptionledger.support.WarmUpSamples;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.common.DateTimeUtils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's per-event path before readiness ({@link dev.exceptionledger.support.WarmUpReadiness}): takes the sample
 * journeys as records of their topics, makes each the event to record, its row (personal fields sealed with a key of
 * the warm-up's own, the stored JSON) and its chain hash as {@link LedgerAppender} does, and reads the row back and
 * reveals it as a replay does. Nothing touches the database: the rows and hashes are dropped.
 */
@Singleton
public class LedgerWarmUp implements WarmUp {

    private final LedgerAppender appender;
    private final String consumerGroup;
    private final String producer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    LedgerWarmUp(LedgerAppender appender, Producers producers,
                 @ConfigProperty(name = "quarkus.application.name") String consumerGroup) {
        this.appender = appender;
        this.consumerGroup = consumerGroup;
        this.producer = producers.producer();
        for (EventEnvelope envelope : WarmUpSamples.journeys()) {
            records.add(new ConsumerRecord<>(topicOf(envelope.type()), 0, records.size(), envelope.interactionId(),
                    envelope.toJson()));
        }
    }

    @Override
    public String describe() {
        return "records " + records.size() + " sample events in memory (row, seal, chain hash, replay)";
    }

    @Override
    public void round() {
        SecretKey key = PersonalData.newKey();
        String recordedAt = DateTimeUtils.formatInstant(Instant.now());
        byte[] previous = ChainHash.GENESIS;
        try (JsonGenerator out = Json.mapper().getFactory().createGenerator(OutputStream.nullOutputStream())) {
            for (ConsumerRecord<String, String> record : records) {
                EventToRecord event = EventsToRecord.fromInput(record, consumerGroup, producer);
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
