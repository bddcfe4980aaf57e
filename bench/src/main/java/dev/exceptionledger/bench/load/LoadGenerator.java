package dev.exceptionledger.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Posts realistic interactions to the running suite's intake at a steady open-loop rate (each request is sent when it
 * is due, whether or not earlier ones were answered), and reads back from the ledger's replay what became of each one.
 * With several instances of the suite's services ({@code deploy/local/run start --replicas N}) the requests go to
 * the intake instances in turn, and the ledger is read from the first instance that answers.
 */
public final class LoadGenerator {

    /** How long a request may take before it counts as hanging. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One request. {@code status} is the HTTP status, {@link #NO_ANSWER} when the connection failed and
     * {@link #TIMED_OUT} when no answer came within {@link #REQUEST_TIMEOUT}.
     */
    public record Send(long n, Instant dueAt, Instant answeredAt, int status, String contentType, String interactionId) {
        public static final int NO_ANSWER = 0;
        public static final int TIMED_OUT = -1;

        public boolean accepted() {
            return status == 202 && interactionId != null;
        }
    }

    /**
     * What the ledger holds for one interaction: distinct events of each funnel type, when the classifier and routing
     * produced their first decision (the events' occurredAt) and when the ledger recorded the first routing decision.
     */
    public static final class Journey {
        public final Set<String> received = new HashSet<>();
        public final Set<String> classified = new HashSet<>();
        public final Set<String> routed = new HashSet<>();
        public Instant classifiedAt;
        public Instant routedAt;
        public Instant firstRoutedAt;
    }

    private final double rate;
    private final double exceptionShare;
    private final int instances;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "loadgen");
        t.setDaemon(true);
        return t;
    });
    private final Interactions interactions = new Interactions(42);
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final ConcurrentLinkedQueue<Send> sends = new ConcurrentLinkedQueue<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, String> tokens = new HashMap<>();
    /** What {@link #routed()} has read so far (one caller: the drain's progress lines). */
    private final Map<String, Instant> routedSoFar = new HashMap<>();
    private volatile String intakeToken;
    private Instant startedAt;
    private long total;

    public LoadGenerator(double rate, double exceptionShare) {
        this(rate, exceptionShare, 1);
    }

    /** @param instances the instances of each service: request n goes to intake instance n mod instances + 1 */
    public LoadGenerator(double rate, double exceptionShare, int instances) {
        this.rate = rate;
        this.exceptionShare = exceptionShare;
        this.instances = instances;
    }

    /** Starts sending in the background, {@code rate × duration} requests in all. */
    public synchronized void start(Duration duration) {
        total = Math.round(rate * duration.toMillis() / 1000.0);
        intakeToken = Tokens.forRole("intake");
        startedAt = Instant.now();
        long periodNanos = Math.round(1e9 / rate);
        // a fixed-rate schedule catches up on late ticks, so a slow answer never delays the next request
        scheduler.scheduleAtFixedRate(this::sendOne, 0, periodNanos, TimeUnit.NANOSECONDS);
        // Keycloak's tokens live 15 minutes: refresh well before, keeping the old one if Keycloak is busy
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                intakeToken = Tokens.forRole("intake");
            } catch (RuntimeException e) {
                System.err.println("loadgen: keeping the current token: " + e.getMessage());
            }
        }, 5, 5, TimeUnit.MINUTES);
    }

    /** Stops sending and waits until every request was answered or timed out. */
    public void stop() throws InterruptedException {
        scheduler.shutdownNow();
        long deadline = System.nanoTime() + REQUEST_TIMEOUT.plusSeconds(5).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    public Instant startedAt() {
        return startedAt;
    }

    public double rate() {
        return rate;
    }

    public List<Send> sends() {
        return new ArrayList<>(sends);
    }

    public int inFlight() {
        return inFlight.get();
    }

    private void sendOne() {
        if (next.get() >= total) {
            return;
        }
        long n = next.getAndIncrement();
        Instant due = startedAt.plusNanos(Math.round(n * 1e9 / rate));
        int intake = (int) (n % instances) + 1;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Service.INTAKE.url(intake, "/interactions")))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + intakeToken)
                .POST(HttpRequest.BodyPublishers.ofString(interactions.next(n, exceptionShare)));
        if (n % 2 == 0) {
            // half of them with a key, so intake's database is on the path too
            request.header("Idempotency-Key", "load-" + run + "-" + n);
        }
        inFlight.incrementAndGet();
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            Instant answered = Instant.now();
            if (response != null) {
                String id = response.headers().firstValue("X-Interaction-Id").orElse(null);
                sends.add(new Send(n, due, answered, response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""), id));
            } else {
                boolean timedOut = error instanceof HttpTimeoutException || error.getCause() instanceof HttpTimeoutException;
                sends.add(new Send(n, due, answered, timedOut ? Send.TIMED_OUT : Send.NO_ANSWER, "", null));
            }
            inFlight.decrementAndGet();
        });
    }

    /**
     * Every InteractionReceived, InteractionClassified and InteractionRouted the ledger holds that occurred since
     * this run started, by interaction, from {@code GET /ledger/replay}.
     */
    public Map<String, Journey> ledger() {
        Map<String, Journey> journeys = new HashMap<>();
        for (String type : List.of("InteractionReceived", "InteractionClassified", "InteractionRouted")) {
            replay(type, startedAt.minusSeconds(5), event -> {
                Journey j = journeys.computeIfAbsent(event.path("interactionId").asText(), id -> new Journey());
                String eventId = event.path("eventId").asText();
                switch (type) {
                    case "InteractionReceived" -> j.received.add(eventId);
                    case "InteractionClassified" -> {
                        j.classified.add(eventId);
                        j.classifiedAt = earliest(j.classifiedAt, Instant.parse(event.path("occurredAt").asText()));
                    }
                    default -> {
                        j.routed.add(eventId);
                        j.routedAt = earliest(j.routedAt, Instant.parse(event.path("occurredAt").asText()));
                        Instant at = Instant.parse(event.path("recordedAt").asText());
                        if (j.firstRoutedAt == null || at.isBefore(j.firstRoutedAt)) {
                            j.firstRoutedAt = at;
                        }
                    }
                }
            });
        }
        return journeys;
    }

    private static Instant earliest(Instant known, Instant at) {
        return known == null || at.isBefore(known) ? at : known;
    }

    /**
     * The interactions with a routing decision in the ledger since this run started, and when it was recorded. Each
     * call reads only the decisions that occurred since the earliest accepted interaction not yet seen routed was due
     * (a decision occurs after its interaction's 202), so a progress line costs the ledger the last seconds' events:
     * reading the whole run again every 5 s grew with the run and took CPU from the suite it measures.
     */
    public Map<String, Instant> routed() {
        Instant from = sends.stream().filter(s -> s.accepted() && !routedSoFar.containsKey(s.interactionId()))
                .map(Send::dueAt).min(Comparator.naturalOrder()).orElse(null);
        if (from != null) {
            replay("InteractionRouted", from.minusSeconds(5), e -> routedSoFar.merge(e.path("interactionId").asText(),
                    Instant.parse(e.path("recordedAt").asText()), (a, b) -> a.isBefore(b) ? a : b));
        }
        return Collections.unmodifiableMap(routedSoFar);
    }

    /** Reads the replay from the first ledger instance that answers (one may be down). */
    private void replay(String type, Instant from, java.util.function.Consumer<JsonNode> each) {
        for (int instance = 1; ; instance++) {
            try {
                replay(instance, type, from, each);
                return;
            } catch (IllegalStateException e) {
                if (instance == instances) {
                    throw e;
                }
            }
        }
    }

    private void replay(int instance, String type, Instant from, java.util.function.Consumer<JsonNode> each) {
        String path = "/ledger/replay?type=" + type + "&from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(Service.LEDGER.url(instance, path)))
                .header("Authorization", "Bearer " + token("compliance")).timeout(Duration.ofMinutes(2)).build();
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                tokens.remove("compliance");
                throw new IllegalStateException("ledger replay answered " + response.statusCode());
            }
            try (Stream<String> lines = response.body()) {
                lines.filter(line -> !line.isBlank()).forEach(line -> each.accept(Json.read(line, JsonNode.class)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the ledger is not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized String token(String role) {
        return tokens.computeIfAbsent(role, Tokens::forRole);
    }
}
