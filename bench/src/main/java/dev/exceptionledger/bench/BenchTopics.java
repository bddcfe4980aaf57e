package dev.exceptionledger.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * The Kafka ends of a bench that measures a packaged service from Kafka in to Kafka out: topics of its own (never the
 * suite's), and the drain that reads the service's output until the run's records are out.
 */
public final class BenchTopics {

    private BenchTopics() { }

    /** What a drain saw of the run's records: how many, and the broker timestamps of the first and last. */
    public record Drained(long seen, long firstMillis, long lastMillis, long seenWhenFirstSeen) {

        /** From the first output to the last. */
        public double seconds() {
            return (lastMillis - firstMillis) / 1000.0;
        }

        public double perSecond() {
            return seen / seconds();
        }
    }

    public static void create(String bootstrap, List<String> names) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(names.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
        }
    }

    public static void delete(String bootstrap, List<String> names) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(names).all().get();
        }
    }

    /** Deletes those of the topics that exist (a service may have had them auto-created). */
    public static void deleteIfPresent(String bootstrap, List<String> names)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            admin.deleteTopics(names.stream().filter(existing::contains).toList()).all().get();
        }
    }

    /**
     * Reads {@code topic} from the start, with a consumer group of its own, until the n records keyed
     * {@code <runId>-...} are out or the timeout has passed. {@code onFirstSeen} runs once, right after the poll
     * that brought the first of them (e.g. to read the service's CPU time then); {@link Drained#seenWhenFirstSeen}
     * is how many had been seen at that moment.
     */
    public static Drained drain(String bootstrap, String topic, long n, String runId, Duration timeout,
                                Runnable onFirstSeen) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-drain-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long seen = 0;
            long seenWhenFirstSeen = -1;
            long first = 0;
            long last = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(runId + "-")) {
                        last = r.timestamp();
                        first = first == 0 ? r.timestamp() : Math.min(first, r.timestamp());
                        seen++;
                    }
                }
                if (seen > 0 && seenWhenFirstSeen < 0) {
                    onFirstSeen.run();
                    seenWhenFirstSeen = seen;
                }
            }
            return new Drained(seen, first, last, Math.max(0, seenWhenFirstSeen));
        }
    }
}
