package dev.exceptionledger.bench.ledger;

import dev.exceptionledger.bench.BenchDatabase;
import dev.exceptionledger.bench.MockOidc;
import dev.exceptionledger.bench.PackagedService;
import dev.exceptionledger.bench.ProcessCpu;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.NearestExample;
import dev.exceptionledger.contracts.OutcomeReported;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.devstack.KafkaBroker;
import dev.exceptionledger.devstack.Postgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger's throughput on this machine: N events on a private topic are ingested by the packaged ledger-service
 * (its real consumer, batches, encryption and chain) into a private database; then its funnel is rebuilt by replay
 * and the whole store is exported as NDJSON while the service's RSS is sampled. Run by {@code bench/ledger-bench}.
 * Tokens come from a local WireMock OIDC server (the one the tests use), so no Keycloak is needed. It knows the
 * ledger only from outside: the packaged jar, its HTTP API, its Kafka channels and the names of its tables.
 */
public final class LedgerBench {

    private static final String TOPIC = "bench.ledger-in";
    private static final String DEAD_LETTERS = "bench.deadletters";
    private static final String DATABASE = "ledger_bench";
    private static final String USER = Postgres.USER;
    private static final String KAFKA = KafkaBroker.bootstrapServers();
    private static final int PORT = 18084;
    private static final int EVENTS_PER_INTERACTION = 5;

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path jar = Path.of(args.length > 1 ? args[1] : "ledger-service/target/quarkus-app/quarkus-run.jar");
        String mode = args.length > 2 ? args[2] : "";
        // --reuse: the store a --keep run left, to measure rebuild, replay and verify again without the ingest
        boolean reuse = mode.equals("--reuse");
        boolean keep = reuse || mode.equals("--keep");
        long interactions = events / EVENTS_PER_INTERACTION;
        events = interactions * EVENTS_PER_INTERACTION;

        topics(true);
        if (!reuse) {
            BenchDatabase.create(DATABASE);
            long produceStart = System.nanoTime();
            produce(interactions);
            report("produced to Kafka", events, produceStart);
        }

        MockOidc oidc = new MockOidc();
        Process ledger = start(jar, oidc.serverUrl());
        try (Connection db = BenchDatabase.connect(DATABASE)) {
            if (reuse) {
                events = head(db);
                System.out.printf("reusing the kept store: %,d events%n", events);
            } else {
                ingest(db, ledger, events);
            }

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            awaitCaughtUp(http);
            // the first round also pays for the JIT compiling these paths (a third of its CPU); both are reported
            for (int round = 1; round <= 2; round++) {
                System.out.println(round == 1 ? "round 1, the service's first:" : "round 2, warm:");
                rebuildAndReplay(http, ledger, events);
            }

            double[] cpuBefore = cpuNow(ledger.pid());
            long verifyStart = System.nanoTime();
            String verification = send(http, "GET", "/ledger/verify");
            report("verified (chain recomputed)", events, verifyStart);
            cpu("verify", events, ledger.pid(), cpuBefore);
            System.out.println("    " + verification);
            try (Statement statement = db.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database())), "
                         + "pg_size_pretty(pg_total_relation_size('domainevententry')), "
                         + "pg_size_pretty(pg_total_relation_size('ledger_chain')), "
                         + "pg_size_pretty(pg_total_relation_size('funnel'))")) {
                rs.next();
                System.out.printf("store size: database %s (domainevententry %s, ledger_chain %s, funnel %s)%n",
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        } finally {
            ledger.destroy();
            ledger.waitFor();
            oidc.close();
            topics(false);
            if (!keep) {
                BenchDatabase.drop(DATABASE);
            }
        }
    }

    /** Rebuild of the funnel by replay, then the whole store exported as NDJSON while the service's RSS is sampled. */
    private static void rebuildAndReplay(HttpClient http, Process ledger, long events) throws Exception {
        double[] cpuBefore = cpuNow(ledger.pid());
        long rebuildStart = System.nanoTime();
        send(http, "POST", "/ledger/projections/rebuild");
        awaitCaughtUp(http);
        report("rebuilt (funnel, by replay)", events, rebuildStart);
        cpu("rebuild", events, ledger.pid(), cpuBefore);

        long rssBefore = rss(ledger.pid());
        AtomicLong maxRss = new AtomicLong(rssBefore);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxRss.accumulateAndGet(rss(ledger.pid()), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        cpuBefore = cpuNow(ledger.pid());
        long replayStart = System.nanoTime();
        long lines = 0;
        long bytes = 0;
        HttpResponse<InputStream> replay = http.send(request("GET", "/ledger/replay"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = replay.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        sampler.interrupt();
        report("replayed (NDJSON export, " + bytes / (1 << 20) + " MiB)", lines, replayStart);
        cpu("replay", lines, ledger.pid(), cpuBefore);
        System.out.printf("service RSS: %d MiB before the replay, at most %d MiB while streaming it%n",
                rssBefore >> 10, maxRss.get() >> 10);
    }

    /** Times the ingest from the first event in the store to the last. */
    private static void ingest(Connection db, Process ledger, long events) throws InterruptedException {
        long firstSeenAt = 0;
        long firstCount = 0;
        long count;
        while ((count = head(db)) < events) {
            if (!ledger.isAlive()) {
                throw new IllegalStateException("the ledger exited with " + ledger.exitValue());
            }
            if (firstSeenAt == 0 && count > 0) {
                firstSeenAt = System.nanoTime();
                firstCount = count;
            }
            Thread.sleep(200);
        }
        report("ingested (Kafka → store)", events - firstCount, firstSeenAt);
        cpu("startup and ingest", events, ledger.pid());
    }

    private static Process start(Path jar, String oidcUrl) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Xmx1g",
                "-Ddisable-axoniq-console-message=true",
                "-Dquarkus.http.port=" + PORT, "-Dquarkus.management.port=" + (PORT + 100),
                "-Dquarkus.application.name=ledger-bench",
                "-Dmp.messaging.incoming.ledger-in.topics=" + TOPIC,
                "-Dmp.messaging.incoming.ledger-in.dead-letter-queue.topic=" + DEAD_LETTERS,
                "-Dmp.messaging.incoming.deadletters.topic=" + DEAD_LETTERS,
                "-Dmp.messaging.incoming.ledger-in.group.id=ledger-bench-" + System.currentTimeMillis(),
                "-Dmp.messaging.incoming.deadletters.group.id=ledger-bench-" + System.currentTimeMillis()));
        options.addAll(MockOidc.SERVICE_OPTIONS);
        // LEDGER_BENCH_JAVA_OPTS adds options, e.g. -XX:StartFlightRecording=filename=/tmp/ledger.jfr,settings=profile
        Map<String, String> environment = new HashMap<>(BenchDatabase.serviceEnvironment(DATABASE));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA);
        environment.put("OIDC_AUTH_SERVER_URL", oidcUrl);
        return PackagedService.start("ledger-bench", jar, options, environment);
    }

    /** Journeys of five events: received, classified, routed, handoff or agent-handled outcome, outcome. */
    private static void produce(long interactions) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String text = "We are evaluating your platform for our finance team. Does it integrate with our ERP "
                + "(SAP S/4HANA) and support SSO through Azure AD? We would need a security review before "
                + "procurement can sign, and our CFO wants pricing for 400 seats by the end of the quarter.";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (long i = 0; i < interactions; i++) {
                String id = "bench-" + i;
                int contact = ThreadLocalRandom.current().nextInt(200_000);
                InteractionReceived interaction = new InteractionReceived("web", "ERP integration and SSO", text,
                        new Contact("Contact " + contact, "contact" + contact + "@example.com", "CFO",
                                "Company " + contact % 5000, 500),
                        List.of(new ConversationTurn("customer", "Hello, a question about ERP", Instant.now()),
                                new ConversationTurn("agent", "Sure, what would you like to know?", Instant.now())),
                        new AgentDecision("pricing", 0.62, "answered"), "ext-" + i, null, Instant.now());
                EventEnvelope received = EventEnvelope.first(InteractionReceived.TYPE, id, "bench@1", interaction);
                InteractionClassified classification = new InteractionClassified("integration-question", 0.41,
                        0.72, true, 0.86, List.of(new ValueSignal("role-seniority", "CFO", 0.4)), false,
                        "sales-engineering", true, List.of("late-stage buying signals: ERP, SSO, security review"),
                        List.of(new NearestExample("integration-question", "Do you integrate with SAP?", 0.81)),
                        "minilm-q@1", "b2b@3", interaction);
                EventEnvelope classified = EventEnvelope.causedBy(received, InteractionClassified.TYPE, "bench@1",
                        classification);
                boolean escalate = i % 2 == 0;
                EventEnvelope routed = EventEnvelope.causedBy(classified, InteractionRouted.TYPE, "bench@1",
                        new InteractionRouted(escalate ? RoutingOutcome.ESCALATED : RoutingOutcome.AGENT_HANDLED,
                                escalate ? "sales-engineering" : null, null, "high", null, "HIGH_VALUE",
                                "escalate-high-value", "policy@7", "a CFO asks about ERP"));
                EventEnvelope fourth = escalate
                        ? EventEnvelope.causedBy(routed, HandoffRequested.TYPE, "bench@1", new HandoffRequested(
                        "sales-engineering", "high", null, List.of("HIGH_VALUE"), "escalate-high-value", "policy@7",
                        "a CFO asks about ERP", classification))
                        : EventEnvelope.causedBy(routed, "AgentReplied", "bench@1", Map.of("action", "answered"));
                EventEnvelope outcome = EventEnvelope.causedBy(fourth, OutcomeReported.TYPE, "bench@1",
                        new OutcomeReported(escalate ? "WON" : "RESOLVED", escalate ? 24_000.0 : null, "EUR",
                                "ext-" + i, "crm", null, Instant.now()));
                for (EventEnvelope envelope : List.of(received, classified, routed, fourth, outcome)) {
                    producer.send(new ProducerRecord<>(TOPIC, id, envelope.toJson()));
                }
            }
            producer.flush();
        }
    }

    private static void awaitCaughtUp(HttpClient http) throws Exception {
        String progress = "";
        do {
            Thread.sleep(250);
            try {
                progress = send(http, "GET", "/ledger/projections");
            } catch (ConnectException e) {
                // still starting (a reused store has no ingest to wait for)
            }
        } while (!progress.contains("\"replaying\":false") || !progress.contains("\"caughtUp\":true"));
    }

    private static String send(HttpClient http, String method, String path) throws Exception {
        HttpResponse<String> response = http.send(request(method, path), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** A fresh token per request: the mock server's tokens expire within minutes, a million events take longer. */
    private static HttpRequest request(String method, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Authorization", "Bearer " + MockOidc.token("compliance"))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofHours(1))
                .build();
    }

    private static long head(Connection db) {
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT coalesce(max(globalindex), 0) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            // the service has not migrated the schema yet
            return 0;
        }
    }

    /** CPU the service used (user + system): with other work on the machine, wall-clock rates understate it. */
    private static void cpu(String what, long events, long pid, double... since) {
        double used = ProcessCpu.seconds(pid) - (since.length > 0 ? since[0] : 0);
        double postgres = postgresCpuSeconds() - (since.length > 1 ? since[1] : 0);
        System.out.printf("    CPU for %s: service %.1f s = %,.0f events per CPU-second, PostgreSQL backends %.1f s; "
                + "load average %s%n", what, used, events / used, postgres, loadAverage());
    }

    /** The service's and the bench database's backends' CPU seconds so far, for {@link #cpu}. */
    private static double[] cpuNow(long pid) {
        return new double[] {ProcessCpu.seconds(pid), postgresCpuSeconds()};
    }

    /**
     * CPU of the PostgreSQL backends serving the bench database now (their process title names user and database);
     * not the server's shared writers, nor backends that have exited.
     */
    private static double postgresCpuSeconds() {
        try (var processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("cmdline")).contains(": " + USER + " " + DATABASE + " ");
                        } catch (Exception e) {
                            return false;
                        }
                    })
                    .mapToDouble(p -> backendCpuSeconds(Long.parseLong(p.getFileName().toString())))
                    .sum();
        } catch (Exception e) {
            return 0;
        }
    }

    /** 0 for a backend that exited meanwhile. */
    private static double backendCpuSeconds(long pid) {
        try {
            return ProcessCpu.seconds(pid);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** Resident set size in KiB. */
    private static long rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
        } catch (Exception e) {
            return 0;
        }
    }

    private static void report(String what, long events, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-40s %,10d events in %7.1f s = %,9.0f events/s%n", what, events, seconds, events / seconds);
    }

    private static void topics(boolean create) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> ours = List.of(TOPIC, DEAD_LETTERS).stream().filter(existing::contains).toList();
            if (!ours.isEmpty()) {
                admin.deleteTopics(ours).all().get();
            }
            if (create) {
                // deletion is asynchronous in the broker: retry until the names are free
                for (int attempt = 0; ; attempt++) {
                    try {
                        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1),
                                new NewTopic(DEAD_LETTERS, 1, (short) 1))).all().get();
                        return;
                    } catch (ExecutionException e) {
                        if (attempt > 50) {
                            throw e;
                        }
                        Thread.sleep(200);
                    }
                }
            }
        }
    }

    private LedgerBench() { }
}
