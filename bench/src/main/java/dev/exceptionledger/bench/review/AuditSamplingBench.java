package dev.exceptionledger.bench.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.bench.BenchDatabase;
import dev.exceptionledger.bench.BenchTopics;
import dev.exceptionledger.bench.MockOidc;
import dev.exceptionledger.bench.PackagedService;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.KafkaBroker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How long one audit sampling run of the packaged review-service takes over N routed interactions; run by
 * {@code bench/review-sampling}. Each round writes N routed interactions straight into the service's
 * {@code routed_interaction} table, the way its consumers would, then starts a run ({@code POST /audit-runs}) and times
 * it until the 201: the window query, the draw, queueing the picks and publishing every fact with the broker's
 * acknowledgement, in one transaction. The service runs on a database of its own ({@code review_bench}, dropped
 * afterwards) and topics of its own, so neither the suite's nor the tests' data is touched; tokens come from the
 * WireMock OIDC server the tests use.
 */
public final class AuditSamplingBench {

    private static final String DATABASE = "review_bench";
    private static final int PORT = 18085;
    private static final String KAFKA = KafkaBroker.bootstrapServers();
    /** The run's facts, so the ledgers on the shared broker do not ingest them. */
    private static final String RECORDED = "bench.reviews.recorded";
    /** What the service would consume: nothing is sent there, the bench writes the routed rows itself. */
    private static final String INPUT = "bench.review-in";
    private static final String DEAD_LETTERS = "bench.review-deadletters";

    private AuditSamplingBench() { }

    /** {@code [interactions=100000] [rounds=3] [quarkus-run.jar]} */
    public static void main(String[] args) throws Exception {
        int interactions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path jar = Path.of(args.length > 2 ? args[2] : "review-service/target/quarkus-app/quarkus-run.jar");

        BenchDatabase.create(DATABASE);
        try (MockOidc oidc = new MockOidc()) {
            Process review = start(jar, oidc.serverUrl());
            try (Connection db = BenchDatabase.connect(DATABASE)) {
                PackagedService.awaitReady(review, PORT, Duration.ofMinutes(5));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                // sets the watermark: each timed run's window then holds only the interactions of its round
                run(http);
                for (int round = 1; round <= rounds; round++) {
                    String tag = UUID.randomUUID().toString().substring(0, 8);
                    long written = System.nanoTime();
                    write(db, tag, interactions);
                    long writeMs = (System.nanoTime() - written) / 1_000_000;

                    long start = System.nanoTime();
                    JsonNode run = run(http);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    int population = run.get("population").asInt();
                    // the database is the bench's own: the window holds exactly this round's interactions
                    if (population != interactions) {
                        throw new IllegalStateException("the run's window held " + population + " interactions, not"
                                + " the " + interactions + " written: " + run);
                    }
                    System.out.printf("round=%d interactions=%d strata=%d picked=%d novel=%d run_ms=%d"
                                    + " (writing the interactions took %d ms)%n", round, population,
                            run.get("strata").size(), run.get("picked").asInt(), run.get("novelPicked").asInt(), ms,
                            writeMs);
                }
            } finally {
                review.destroy();
                review.waitFor();
            }
        } finally {
            BenchDatabase.drop(DATABASE);
            BenchTopics.deleteIfPresent(KAFKA, List.of(RECORDED, INPUT, DEAD_LETTERS));
        }
    }

    private static Process start(Path jar, String oidcUrl) throws Exception {
        List<String> options = new ArrayList<>(List.of(
                "-Dquarkus.http.port=" + PORT, "-Dquarkus.management.port=" + (PORT + 100),
                "-Dmp.messaging.outgoing.reviews-recorded.topic=" + RECORDED,
                // a run covers what was routed up to its start, not up to 10 s before (the rows are committed)
                "-Dreview.audit.settle=PT0S"));
        // consumer groups of its own too: in the suite's group it would take part in the suite's rebalances
        String group = "review-bench-" + System.currentTimeMillis();
        for (String channel : List.of("handoffs", "routed", "classified")) {
            options.add("-Dmp.messaging.incoming." + channel + ".topic=" + INPUT);
            options.add("-Dmp.messaging.incoming." + channel + ".group.id=" + group);
            options.add("-Dmp.messaging.incoming." + channel + ".dead-letter-queue.topic=" + DEAD_LETTERS);
        }
        options.addAll(MockOidc.SERVICE_OPTIONS);
        Map<String, String> environment = new HashMap<>(BenchDatabase.serviceEnvironment(DATABASE));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA);
        environment.put("OIDC_AUTH_SERVER_URL", oidcUrl);
        // only the bench starts runs
        environment.put("AUDIT_CRON", "off");
        return PackagedService.start("review-sampling", jar, options, environment);
    }

    /** One whole sampling run, as a reviewer starts it; its record (population, picks, strata). */
    private static JsonNode run(HttpClient http) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORT + "/audit-runs"))
                .header("Authorization", "Bearer " + MockOidc.token("reviewer"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /audit-runs: " + response.statusCode() + " " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    /**
     * 70 % agent-handled, 30 % discarded; 37 intents and 4 reasons, independent of each other and of the outcome
     * (296 strata); 3 % of all marked novel, all of them agent-handled; each with a classification payload of
     * realistic size (the audit item's packet is built from it).
     */
    private static void write(Connection db, String tag, int interactions) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO routed_interaction (interaction_id, outcome, team, reason, rule_id, policy_version,
                    routed_event_id, routed_at, routed_recorded_at, intent, confidence, novelty, novel,
                    channel, external_id, agent_action, taxonomy_version, classified_event_id, classification)
                SELECT 'bench-' || CAST(? AS text) || '-' || n,
                    CASE WHEN n % 10 < 7 THEN 'AGENT_HANDLED' ELSE 'DISCARDED' END,
                    NULL, (ARRAY['IN_SCOPE', 'FAQ', 'SPAM', 'DUPLICATE'])[1 + n % 4], 'rule-' || n % 4,
                    'policy@1', gen_random_uuid(), clock_timestamp(), clock_timestamp(),
                    'intent-' || n % 37, 0.8, CASE WHEN n % 100 < 3 THEN 0.9 ELSE 0.2 END,
                    n % 10 < 7 AND n % 100 < 3, (ARRAY['chat', 'email', 'web-form'])[1 + n % 3],
                    'ext-' || CAST(? AS text) || '-' || n, 'answered', 'b2b@1', gen_random_uuid(),
                    jsonb_build_object('intent', 'intent-' || n % 37, 'confidence', 0.8, 'novelty', 0.2,
                        'valueScore', 0.1, 'modelVersion', 'minilm-q@1', 'taxonomyVersion', 'b2b@1',
                        'reasons', jsonb_build_array('close to known examples'),
                        'interaction', jsonb_build_object('channel', 'chat', 'subject', 'Question ' || n,
                            'text', repeat('How do I export my invoices to our accounting system? ', 8),
                            'contact', jsonb_build_object('name', 'Sam Doe', 'email', 'sam@example.com'),
                            'agentDecision', jsonb_build_object('label', 'billing', 'action', 'answered')))
                FROM generate_series(1, ?) AS n""")) {
            insert.setString(1, tag);
            insert.setString(2, tag);
            insert.setInt(3, interactions);
            insert.executeUpdate();
        }
    }
}
