package dev.exceptionledger.ledger.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.ledger.api.EventToRecord;
import dev.exceptionledger.support.BatchOutputs;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Traces;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Turns what the ledger reads from Kafka into the event it records. Plain functions of the record. */
public final class EventsToRecord {
    private EventsToRecord() { }

    /** Raw values of dead letters are kept up to this many characters. */
    static final int MAX_RAW_CHARS = 64 * 1024;
    static final String UNKNOWN_CONSUMER = "unknown";

    /**
     * An envelope from a ledger input topic. One that cannot be parsed is not lost: it becomes a
     * MessageDeadLettered fact with an eventId derived from where it was read and what it holds, so a redelivery
     * records it once.
     *
     * @param consumer this service's consumer group
     * @param producer this service, for the facts it writes itself
     */
    public static EventToRecord fromInput(ConsumerRecord<String, String> record, String consumer, String producer) {
        EventEnvelope envelope;
        try {
            envelope = EnvelopeInput.read(record.value());
        } catch (IllegalArgumentException e) {
            MessageDeadLettered fact = new MessageDeadLettered(record.topic(), record.partition(), record.offset(),
                    // kept in clear: it says what is wrong without quoting the record (the raw value is sealed)
                    consumer, "unparseable envelope: " + BatchOutputs.deadLetterReason(e), cut(record.value()));
            String seed = record.topic() + "/" + record.partition() + "/" + record.offset() + "/" + consumer + "/"
                    + content(record);
            return deadLettered(record, fact, seed, producer);
        }
        return new EventToRecord(envelope.interactionId(), envelope.eventId().toString(), envelope.type(),
                envelope.schemaVersion(), envelope.occurredAt(), envelope.producer(), envelope.correlationId(),
                envelope.causationId(), record.topic(), envelope.payload(), Traces.traceIdOf(record),
                // a subject that is not a contactId names nobody (a hostile record): the payload's contact decides
                PersonalFields.isContactId(envelope.subject()) ? envelope.subject() : null);
    }

    /**
     * A record from {@code deadletters}: another consumer's original record with dead-letter headers. Its eventId
     * derives from the original record (its address and content) and the consumer that gave up on it, so a
     * redelivery, or the same record dead-lettered twice by one consumer, records one fact.
     */
    public static EventToRecord fromDeadLetter(ConsumerRecord<String, String> record, String producer) {
        String topic = header(record, BatchOutputs.TOPIC_HEADER);
        int partition = record.partition();
        long offset = record.offset();
        if (topic == null) {
            // no origin given: the dead-letter record itself is the best address there is
            topic = record.topic();
        } else {
            partition = parseOr(header(record, BatchOutputs.PARTITION_HEADER), -1);
            offset = parseOr(header(record, BatchOutputs.OFFSET_HEADER), -1);
        }
        String consumer = header(record, BatchOutputs.CONSUMER_GROUP_HEADER);
        if (consumer == null) {
            consumer = UNKNOWN_CONSUMER;
        }
        String reason = header(record, BatchOutputs.REASON_HEADER);
        String cause = header(record, BatchOutputs.CAUSE_HEADER);
        if (reason == null) {
            reason = "no " + BatchOutputs.REASON_HEADER + " header";
        }
        if (cause != null && !cause.equals(reason)) {
            reason = reason + " (cause: " + cause + ")";
        }
        MessageDeadLettered fact = new MessageDeadLettered(topic, partition, offset, consumer, reason,
                cut(record.value()));
        String seed = topic + "/" + partition + "/" + offset + "/" + consumer + "/" + record.topic() + "/"
                + content(record);
        return deadLettered(record, fact, seed, producer);
    }

    /** Recorded on the interaction's ledger when the record is keyed (by interactionId), else on its own. */
    private static EventToRecord deadLettered(ConsumerRecord<String, String> record, MessageDeadLettered fact,
                                              String eventIdSeed, String producer) {
        String interactionId = record.key() != null && !record.key().isBlank() ? record.key()
                : "unkeyed-" + fact.topic() + "-" + fact.partition() + "-" + fact.offset();
        String eventId = UUID.nameUUIDFromBytes(eventIdSeed.getBytes(StandardCharsets.UTF_8)).toString();
        Instant occurredAt = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
        return new EventToRecord(interactionId, eventId, MessageDeadLettered.TYPE, EventEnvelope.SCHEMA_VERSION,
                occurredAt, producer, interactionId, null, record.topic(), Json.tree(fact), Traces.traceIdOf(record),
                null);
    }

    /**
     * The record's key and value, each prefixed by its length. Its address alone does not tell it apart: a topic that
     * is recreated, or a broker whose log started over, hands out the same offsets again, and a fact derived from the
     * address alone would then be taken for one the ledger already holds and silently not recorded.
     */
    private static String content(ConsumerRecord<String, String> record) {
        return lengthPrefixed(record.key()) + lengthPrefixed(record.value());
    }

    private static String lengthPrefixed(String s) {
        return s == null ? "null;" : s.length() + ":" + s;
    }

    static String cut(String raw) {
        if (raw == null || raw.length() <= MAX_RAW_CHARS) {
            return raw;
        }
        int end = Character.isHighSurrogate(raw.charAt(MAX_RAW_CHARS - 1)) ? MAX_RAW_CHARS - 1 : MAX_RAW_CHARS;
        return raw.substring(0, end);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int parseOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long parseOr(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
