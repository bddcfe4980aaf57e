package dev.exceptionledger.classifier.bench;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The classifier-service benchmark's client side; bench/classifier-bench drives it. Not a test. */
public final class ClassifierBench {

    private static final List<InteractionReceived> FIXTURE = List.of(
            new InteractionReceived("email", "ERP", "Does your product integrate with our ERP? We run SAP.",
                    new Contact("Dana", "dana@example.com", "CFO", "Acme", 800), null,
                    new AgentDecision("product_how_to", 0.8, "closed"), null, null, null),
            new InteractionReceived("web_form", null, "I forgot my password and can't log in.", null, null, null, null, null, null),
            new InteractionReceived("chat", null, "What does the Enterprise plan cost for 50 users?", null, null, null, null, null, null),
            new InteractionReceived("chat", null, "Do you have a SOC 2 report we could review?", null, null, null, null, null, null),
            new InteractionReceived("web_form", null, "what's a good recipe for lasagna", null, null, null, null, null, null),
            new InteractionReceived("email", "Renewal", "We are considering switching to a competitor at renewal.",
                    null, null, null, null, null, null));

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "topics" -> {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[1]))) {
                    admin.createTopics(List.of(args).subList(2, args.length).stream()
                            .map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
                }
            }
            case "delete-topics" -> {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[1]))) {
                    admin.deleteTopics(List.of(args).subList(2, args.length)).all().get();
                }
            }
            case "produce" -> produce(args[1], args[2], Integer.parseInt(args[3]), args[4]);
            case "drain" -> drain(args[1], args[2], Integer.parseInt(args[3]), args[4], Long.parseLong(args[5]));
            case "keys" -> keys(Path.of(args[1]));
            case "http" -> http(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** The backlog first, so the service's rate is not limited by the producer. */
    private static void produce(String bootstrap, String topic, int n, String runId) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                String id = runId + "-" + i;
                producer.send(new ProducerRecord<>(topic, id, EventEnvelope.first(InteractionReceived.TYPE, id,
                        "classifier-bench@" + runId, FIXTURE.get(i % FIXTURE.size())).toJson()));
            }
            producer.flush();
            System.out.printf(Locale.ROOT, "produced %,d interactions%n", n);
        }
    }

    /**
     * Reads the output until the run's n classifications are out; the rate is over first to last output. Also the
     * service's CPU seconds from the first output read to the last, since on a shared machine the wall-clock rate
     * mostly measures the other processes.
     */
    private static void drain(String bootstrap, String topic, int n, String runId, long servicePid) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "classifier-bench-drain-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long seen = 0;
            long seenAtFirstCpu = 0;
            long first = 0;
            long last = 0;
            double cpuAtFirst = -1;
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (seen < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(runId + "-")) {
                        last = r.timestamp();
                        first = first == 0 ? r.timestamp() : Math.min(first, r.timestamp());
                        seen++;
                    }
                }
                if (seen > 0 && cpuAtFirst < 0) {
                    cpuAtFirst = cpuSeconds(servicePid);
                    seenAtFirstCpu = seen;
                }
            }
            double cpu = cpuSeconds(servicePid) - cpuAtFirst;
            double seconds = (last - first) / 1000.0;
            System.out.printf(Locale.ROOT, "classified %,d of %,d; first to last output %.2f s = %,.0f classifications/s "
                    + "(Kafka in -> classifier -> Kafka out, acks=all)%n", seen, n, seconds, seen / seconds);
            System.out.printf(Locale.ROOT, "service CPU while classifying the last %,d: %.1f s = %,.0f classifications "
                    + "per CPU-second (%d cores here)%n", seen - seenAtFirstCpu, cpu, (seen - seenAtFirstCpu) / cpu,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** User + system CPU of a process, from /proc (Linux). */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) state"; 100 ticks a second
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** An RSA key pair: the public key for the service (quarkus.oidc.public-key), the private one signs tokens. */
    private static void keys(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.write(dir.resolve("public.b64"), Base64.getEncoder().encode(pair.getPublic().getEncoded()));
        Files.write(dir.resolve("private.der"), pair.getPrivate().getEncoded());
    }

    /** A signed RS256 token carrying the intake role where Keycloak puts it (realm_access.roles), and the audience. */
    private static String token(Path dir) throws Exception {
        var spec = new java.security.spec.PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("private.der")));
        var key = java.security.KeyFactory.getInstance("RSA").generatePrivate(spec);
        long now = System.currentTimeMillis() / 1000;
        String header = b64(Json.write(Map.of("alg", "RS256", "typ", "JWT")));
        String payload = b64(Json.write(Map.of("sub", "classifier-bench", "iss", "classifier-bench", "aud", "exception-ledger", "iat", now,
                "exp", now + 3600, "realm_access", Map.of("roles", List.of("intake")))));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Open loop: one POST /classifications every 1/rate s for the given seconds, whatever the answers' pace (so slow
     * answers cannot slow the load down); the first 20% are warm-up and not counted.
     */
    private static void http(String url, Path keys, int rate, int seconds) throws Exception {
        String bearer = "Bearer " + token(keys);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // as many requests again before, unmeasured: the JIT compiles the request path and the heap settles
        int warmUp = rate * seconds;
        int total = warmUp + rate * seconds;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        int[] sent = {0};
        timer.scheduleAtFixedRate(() -> {
            int i = sent[0]++;
            if (i >= total) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/classifications"))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(FIXTURE.get(i % FIXTURE.size())))).build();
            long start = System.nanoTime();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    failures.add(e != null ? -1 : r.statusCode());
                } else if (i >= warmUp) {
                    latencies.add(System.nanoTime() - start);
                }
            }));
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        timer.awaitTermination(2L * seconds + 1, TimeUnit.SECONDS);
        timer.shutdownNow();
        CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "POST /classifications at %d req/s for %d s: %d measured (after as many unmeasured), "
                        + "%d failed%s; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate, seconds, sorted.size(),
                failures.size(), failures.isEmpty() ? "" : " " + failures.subList(0, Math.min(5, failures.size())),
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 1.0));
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
