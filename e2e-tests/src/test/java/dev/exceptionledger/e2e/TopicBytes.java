package dev.exceptionledger.e2e;

import dev.exceptionledger.devstack.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every record of every topic as raw bytes (key, value and headers), read as an outside client would: no consumer
 * group, no deserialisation into our types, from each partition's start to its end.
 */
final class TopicBytes {
    private TopicBytes() { }

    /** Per topic, how many records hold each of the needles (as UTF-8 bytes); topics none holds are left out. */
    static Map<String, Integer> recordsHolding(List<String> needles) {
        Map<String, Integer> holding = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (List<PartitionInfo> infos : consumer.listTopics().values()) {
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(p -> consumer.position(p) >= ends.get(p));
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (holdsAny(record, needles)) {
                        holding.merge(record.topic(), 1, Integer::sum);
                    }
                }
                open.removeIf(p -> consumer.position(p) >= ends.get(p));
            }
        }
        return holding;
    }

    private static boolean holdsAny(ConsumerRecord<byte[], byte[]> record, List<String> needles) {
        StringBuilder bytes = new StringBuilder();
        // ISO-8859-1 keeps one char per byte, so a UTF-8 needle is found byte for byte
        append(bytes, record.key());
        append(bytes, record.value());
        for (Header header : record.headers()) {
            append(bytes, header.value());
        }
        String haystack = bytes.toString();
        return needles.stream().anyMatch(needle -> haystack.contains(
                new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
    }

    private static void append(StringBuilder to, byte[] bytes) {
        if (bytes != null) {
            to.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
        }
    }
}
