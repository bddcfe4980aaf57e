package dev.exceptionledger.bench.classifier;

import dev.exceptionledger.bench.BenchTopics;
import dev.exceptionledger.bench.ProcessCpu;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The classifier-service benchmark's client side; bench/classifier-bench drives it against the packaged service. */
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
            case "topics" -> BenchTopics.create(args[1], List.of(args).subList(2, args.length));
            case "delete-topics" -> BenchTopics.delete(args[1], List.of(args).subList(2, args.length));
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
    private static void drain(String bootstrap, String topic, int n, String runId, long servicePid) {
        double[] cpuAtFirst = {0};
        BenchTopics.Drained out = BenchTopics.drain(bootstrap, topic, n, runId, Duration.ofMinutes(15),
                () -> cpuAtFirst[0] = ProcessCpu.seconds(servicePid));
        double cpu = ProcessCpu.seconds(servicePid) - cpuAtFirst[0];
        long measured = out.seen() - out.seenWhenFirstSeen();
        System.out.printf(Locale.ROOT, "classified %,d of %,d; first to last output %.2f s = %,.0f classifications/s "
                + "(Kafka in -> classifier -> Kafka out, acks=all)%n", out.seen(), n, out.seconds(), out.perSecond());
        System.out.printf(Locale.ROOT, "service CPU while classifying the last %,d: %.1f s = %,.0f classifications "
                + "per CPU-second (%d cores here)%n", measured, cpu, measured / cpu,
                Runtime.getRuntime().availableProcessors());
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
