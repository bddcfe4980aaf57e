package dev.exceptionledger.routing.bench;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.routing.Policies;
import dev.exceptionledger.routing.domain.Backtest;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import dev.exceptionledger.routing.client.LedgerReplay;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * The routing benchmark (run by bench/routing-bench, not by the tests):
 * {@code decisions [n]}: routing decisions per second in process, the shipped default policy over the 80 recorded
 * classifications of the test fixture, cycled; {@code produce <topic> <n>} and {@code drain <topic> <n> <runId>}:
 * the two ends of the Kafka-in to Kafka-out measurement against a running service.
 */
public final class RoutingBench {

    private RoutingBench() { }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "decisions" -> decisions(args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000);
            case "topics" -> topics(args[1], List.of(args).subList(2, args.length));
            case "delete-topics" -> deleteTopics(args[1], List.of(args).subList(2, args.length));
            case "produce" -> produce(args[1], args[2], Integer.parseInt(args[3]), args[4]);
            case "drain" -> drain(args[1], args[2], Integer.parseInt(args[3]), args[4]);
            default -> throw new IllegalArgumentException("decisions | topics | delete-topics | produce | drain");
        }
    }

    private static List<InteractionClassified> fixture() throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                RoutingBench.class.getClassLoader().getResourceAsStream("ledger/classified.ndjson")),
                StandardCharsets.UTF_8))) {
            return in.lines().map(LedgerReplay::recorded).map(Backtest.Recorded::classification)
                    .filter(c -> c.intent() != null).toList();
        }
    }

    private static void decisions(int n) throws Exception {
        RoutingPolicy policy = Policies.shippedDefault();
        List<InteractionClassified> inputs = fixture();
        Instant now = Instant.now();
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += policy.decide(inputs.get(i % inputs.size()), now).explanation().length();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %,d decisions in %.2f s = %,.0f decisions/s%s%n", round + 1,
                    n, seconds, n / seconds, round < 2 ? " (warm-up)" : "");
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static void topics(String bootstrap, List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(names.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
        }
    }

    private static void deleteTopics(String bootstrap, List<String> names) throws ExecutionException,
            InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(names).all().get();
        }
    }

    /** Sends n classifications (the fixture, cycled, fresh interaction ids) as fast as the producer can. */
    private static void produce(String bootstrap, String topic, int n, String runId) throws Exception {
        List<InteractionClassified> inputs = fixture();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String id = runId + "-" + i;
                producer.send(new ProducerRecord<>(topic, id, EventEnvelope.first(InteractionClassified.TYPE, id,
                        "routing-bench@" + runId, inputs.get(i % inputs.size())).toJson()));
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "produced %,d classifications in %.2f s%n", n, seconds);
        }
    }

    /** Reads the routed topic until the run's n decisions are out; the rate is over first to last output. */
    private static void drain(String bootstrap, String topic, int n, String runId) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "routing-bench-drain-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long seen = 0;
            long first = 0;
            long last = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(runId + "-")) {
                        last = r.timestamp();
                        first = first == 0 ? r.timestamp() : Math.min(first, r.timestamp());
                        seen++;
                    }
                }
            }
            double seconds = (last - first) / 1000.0;
            System.out.printf(Locale.ROOT, "routed %,d of %,d; first to last output %.2f s = %,.0f decisions/s "
                    + "(Kafka in -> policy -> Kafka out, acks=all)%n", seen, n, seconds, seen / seconds);
        }
    }
}
