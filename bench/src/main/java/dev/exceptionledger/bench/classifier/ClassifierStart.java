package dev.exceptionledger.bench.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.bench.BenchDatabase;
import dev.exceptionledger.bench.BenchTopics;
import dev.exceptionledger.bench.PackagedService;
import dev.exceptionledger.contracts.ClassifierFeedback;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long a classifier replica takes to start, with no corrections and after 1,000: the packaged service on a
 * database and topics of the bench's own. A replica loads the active taxonomy version from the database and trains
 * once; it does not replay the corrections. bench/classifier-start drives it.
 * <p>
 * Args: ROOT BOOTSTRAP CORRECTIONS RUN. Starts are timed from the JVM's launch to {@code /q/health/ready} (the
 * model is loaded and the active version trained during startup).
 */
public final class ClassifierStart {

    private static final int PORT = 18092;

    private ClassifierStart() { }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String bootstrap = args[1];
        int corrections = Integer.parseInt(args[2]);
        String run = args[3];
        String database = "classifier_start_" + run;
        String feedback = run + ".feedback";
        List<String> topics = List.of(feedback, run + ".received", run + ".classified", run + ".deadletters");
        Path keys = Files.createTempDirectory("classifier-start-keys");
        ClassifierBench.main(new String[] {"keys", keys.toString()});
        BenchDatabase.create(database);
        BenchTopics.create(bootstrap, topics);
        try {
            Map<String, String> environment = new HashMap<>(BenchDatabase.serviceEnvironment(database));
            environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            environment.put("OIDC_AUTH_SERVER_URL", "");
            List<String> options = List.of("-Xmx384m", "-XX:+UseSerialGC",
                    "-Djava.io.tmpdir=" + root.resolve("classifier-service/target/tmp"),
                    "-DDJL_CACHE_DIR=" + root.resolve("classifier-service/target/tmp/djl"),
                    "-Dquarkus.http.port=" + PORT, "-Dquarkus.management.port=" + (PORT + 100),
                    "-D%prod.quarkus.oidc.auth-server-url=",
                    "-Dquarkus.oidc.auth-server-url=",
                    "-Dquarkus.oidc.public-key=" + Files.readString(keys.resolve("public.b64")).trim(),
                    "-Dmp.messaging.incoming.feedback.topic=" + feedback,
                    "-Dmp.messaging.incoming.feedback.group.id=" + run + ".feedback",
                    "-Dmp.messaging.incoming.feedback.dead-letter-queue.topic=" + run + ".deadletters",
                    "-Dmp.messaging.incoming.received.topic=" + run + ".received",
                    "-Dmp.messaging.incoming.received.group.id=" + run,
                    "-Dmp.messaging.incoming.received.dead-letter-queue.topic=" + run + ".deadletters",
                    "-Dmp.messaging.outgoing.dead-letters.topic=" + run + ".deadletters",
                    "-Dmp.messaging.outgoing.classified.topic=" + run + ".classified");
            Path jar = root.resolve("classifier-service/target/quarkus-app/quarkus-run.jar");

            report("empty database (stores and trains the shipped taxonomy)", start(jar, options, environment, null),
                    database);
            report("0 corrections, restart", start(jar, options, environment, null), database);

            produce(bootstrap, feedback, corrections, run, shippedIntents(root));
            Started learning = start(jar, options, environment, () -> awaitVersions(database, corrections));
            report(corrections + " corrections consumed (the replica that stored them, first start of the group)",
                    learning, database);
            report(String.format(Locale.ROOT, "%,d corrections, restart", corrections),
                    start(jar, options, environment, null), database);
        } finally {
            BenchTopics.deleteIfPresent(bootstrap, topics);
            BenchDatabase.drop(database);
        }
    }

    /** @param total until {@code then} was done too, or null when there was nothing to wait for */
    private record Started(Duration ready, Duration total) { }

    /** Starts the service, times it to ready, runs {@code then} (if any) and stops it gracefully. */
    private static Started start(Path jar, List<String> options, Map<String, String> environment, Step then)
            throws Exception {
        Instant launched = Instant.now();
        Process service = PackagedService.start("classifier-start", jar, options, environment);
        try {
            PackagedService.awaitReady(service, PORT, Duration.ofMinutes(10));
            Duration ready = Duration.between(launched, Instant.now());
            if (then != null) {
                then.run();
            }
            return new Started(ready, then == null ? null : Duration.between(launched, Instant.now()));
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Corrections of distinct texts to the shipped intents, each naming another intent as the previous one. */
    private static void produce(String bootstrap, String topic, int n, String run, List<String> intents)
            throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                String id = run + "-" + i;
                String correct = intents.get(i % intents.size());
                String previous = intents.get((i + 1) % intents.size());
                ClassifierFeedback feedback = new ClassifierFeedback("Correction " + i + " of bench run " + run
                        + ": a reviewer says this one was about " + correct.replace('_', ' '), correct, previous,
                        "review-" + id, id, null, null, null, Instant.now());
                producer.send(new ProducerRecord<>(topic, id, EventEnvelope.first(ClassifierFeedback.TYPE, id,
                        "classifier-start@" + run, feedback).toJson()));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "produced %,d corrections%n", n);
    }

    private static void awaitVersions(String database, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (count(database, "SELECT count(*) FROM taxonomy_version WHERE reason = 'correction'") < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the corrections were not all stored within 20 minutes");
            }
            Thread.sleep(1000);
        }
    }

    private static void report(String what, Started started, String database) throws Exception {
        System.out.printf(Locale.ROOT, "%-75s ready after %6.1f s  (versions stored: %d)%n", what,
                started.ready().toMillis() / 1000.0, count(database, "SELECT count(*) FROM taxonomy_version"));
        if (started.total() != null) {
            System.out.printf(Locale.ROOT, "%-75s all stored after %6.1f s%n", "",
                    started.total().toMillis() / 1000.0);
        }
    }

    private static long count(String database, String sql) throws Exception {
        try (Connection c = BenchDatabase.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> shippedIntents(Path root) throws Exception {
        JsonNode taxonomy = Json.read(Files.readString(
                root.resolve("classifier-service/src/main/resources/taxonomy/default.json")), JsonNode.class);
        List<String> intents = new ArrayList<>();
        taxonomy.path("intents").forEach(i -> intents.add(i.path("name").asText()));
        return intents;
    }
}
