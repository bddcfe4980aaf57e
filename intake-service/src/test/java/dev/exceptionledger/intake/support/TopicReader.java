package dev.exceptionledger.intake.support;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.KafkaBroker;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Reads one topic of the real broker from its beginning for the whole test run. Topics may hold records of earlier
 * runs and of other services' tests, so every lookup waits for a record of its own (random ids).
 */
public final class TopicReader {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaCompanion companion;

    private final ConsumerTask<String, String> task;

    private TopicReader(String topic) {
        this.task = companion().consumeStrings().fromTopics(topic);
    }

    public static synchronized KafkaCompanion companion() {
        if (companion == null) {
            companion = new KafkaCompanion(KafkaBroker.bootstrapServers());
        }
        return companion;
    }

    public static TopicReader of(String topic) {
        return new TopicReader(topic);
    }

    /** The envelope keyed by {@code interactionId}, waiting until it arrives. */
    public EventEnvelope awaitEnvelope(String interactionId) {
        return awaitEnvelope(r -> interactionId.equals(r.key()));
    }

    /** The first envelope whose record matches, waiting until one arrives. */
    public EventEnvelope awaitEnvelope(Predicate<ConsumerRecord<String, String>> match) {
        return Json.readEnvelope(await().atMost(WAIT).until(() -> find(match), Optional::isPresent).orElseThrow().value());
    }

    /** The first envelope whose payload matches, waiting until one arrives. */
    public EventEnvelope awaitEnvelopeWithPayload(Predicate<EventEnvelope> match) {
        return awaitEnvelope(r -> {
            try {
                return match.test(Json.readEnvelope(r.value()));
            } catch (IllegalArgumentException e) {
                return false; // someone else's garbage on a shared topic
            }
        });
    }

    /**
     * How many records the topic holds under {@code key}, counted once this reader has read its partition up to
     * the current end (so a record published before this call cannot be missed).
     */
    public long countAfterReadingToEnd(String key) {
        return envelopesAfterReadingToEnd(key).size();
    }

    /** Every envelope the topic holds under {@code key}, read as {@link #countAfterReadingToEnd} does. */
    public List<EventEnvelope> envelopesAfterReadingToEnd(String key) {
        ConsumerRecord<String, String> known = await().atMost(WAIT)
                .until(() -> find(r -> key.equals(r.key())), Optional::isPresent).orElseThrow();
        TopicPartition partition = new TopicPartition(known.topic(), known.partition());
        long end = companion().offsets().get(partition, OffsetSpec.latest()).offset();
        await().atMost(WAIT).until(() -> task.byTopicPartition().getOrDefault(partition, List.of()).stream()
                .anyMatch(r -> r.offset() >= end - 1));
        return task.getRecords().stream().filter(r -> key.equals(r.key())).map(r -> Json.readEnvelope(r.value()))
                .toList();
    }

    private Optional<ConsumerRecord<String, String>> find(Predicate<ConsumerRecord<String, String>> match) {
        return task.getRecords().stream().filter(match).findFirst();
    }
}
