package dev.exceptionledger.bench.routing;

import dev.exceptionledger.bench.BenchTopics;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.routing.domain.Backtest;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import dev.exceptionledger.routing.client.LedgerReplay;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The routing benchmark, run by bench/routing-bench:
 * {@code decisions [n]}: routing decisions per second in process, routing-service's own policy code with the shipped
 * default policy over the 80 recorded classifications of its test fixture, cycled;
 * {@code produce <bootstrap> <topic> <n> <runId>} and {@code drain <bootstrap> <topic> <n> <runId>}: the two ends of
 * the Kafka-in to Kafka-out measurement against the packaged service.
 */
public final class RoutingBench {

    private RoutingBench() { }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "decisions" -> decisions(args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000);
            case "topics" -> BenchTopics.create(args[1], List.of(args).subList(2, args.length));
            case "delete-topics" -> BenchTopics.delete(args[1], List.of(args).subList(2, args.length));
            case "produce" -> produce(args[1], args[2], Integer.parseInt(args[3]), args[4]);
            case "drain" -> drain(args[1], args[2], Integer.parseInt(args[3]), args[4]);
            default -> throw new IllegalArgumentException("decisions | topics | delete-topics | produce | drain");
        }
    }

    /** routing-service's recorded replay fixture, copied into this module's resources at build time. */
    private static List<InteractionClassified> fixture() throws Exception {
        return resource("ledger/classified.ndjson").lines().map(LedgerReplay::recorded)
                .map(Backtest.Recorded::classification).filter(c -> c.intent() != null).toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(RoutingBench.class.getClassLoader().getResourceAsStream(name),
                name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void decisions(int n) throws Exception {
        RoutingPolicy policy = RoutingPolicy.parse(resource("policy/default.yaml"));
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
        BenchTopics.Drained out = BenchTopics.drain(bootstrap, topic, n, runId, Duration.ofMinutes(10), () -> { });
        System.out.printf(Locale.ROOT, "routed %,d of %,d; first to last output %.2f s = %,.0f decisions/s "
                + "(Kafka in -> policy -> Kafka out, acks=all)%n", out.seen(), n, out.seconds(), out.perSecond());
    }
}
