package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import dev.exceptionledger.devstack.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten thousand malformed requests to intake, concurrently: each gets the precise 4xx problem+json that names what to
 * fix and an X-Interaction-Id, none a 5xx, and each is a rejection in the ledger, counted once in the funnel.
 */
@ExtendWith(LocalSuite.class)
class HostileInputTest {

    private static final long SEED = 8_4_2026L;
    private static final int REQUESTS = 10_000;
    private static final int OVERSIZE_BODIES = 100;
    private static final int IN_FLIGHT = 32;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final SuiteClient client = new SuiteClient();

    private record Answer(HostileRequests.Request request, int status, String contentType, String interactionId,
                          String body) { }

    @Test
    void everyMalformedRequestIsAPreciseProblemAndARejectionInTheLedger() throws Exception {
        List<HostileRequests.Request> requests = new HostileRequests(SEED).generate(REQUESTS, OVERSIZE_BODIES);
        String token = Tokens.forRole("intake");
        Instant from = Instant.now();

        long started = System.nanoTime();
        List<Answer> answers = sendAll(requests, token);
        double seconds = (System.nanoTime() - started) / 1e9;
        Instant to = Instant.now().plusSeconds(1);

        Map<String, Integer> perCategory = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, Answer> byId = new HashMap<>();
        for (Answer answer : answers) {
            perCategory.merge(answer.request().category(), 1, Integer::sum);
            String failure = check(answer);
            if (failure != null) {
                failures.add(failure);
            } else if (byId.put(answer.interactionId(), answer) != null) {
                failures.add("X-Interaction-Id " + answer.interactionId() + " given twice");
            }
        }
        System.out.printf("hostile input: %d requests in %.1f s (%.0f/s, %d in flight), seed %d, per category %s%n",
                answers.size(), seconds, answers.size() / seconds, IN_FLIGHT, SEED, perCategory);
        assertTrue(failures.isEmpty(), failures.size() + " wrong answers, e.g.:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        assertEquals(REQUESTS, byId.size());

        // every answer is a rejection in the ledger, of the kind the answer named, recorded once
        Map<String, Integer> recorded = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> rejectedBetween(from, to), r -> r.keySet().containsAll(byId.keySet()));
        List<String> wrong = new ArrayList<>();
        for (Answer answer : byId.values()) {
            if (recorded.get(answer.interactionId()) != 1) {
                wrong.add(answer.interactionId() + " recorded " + recorded.get(answer.interactionId()) + " times");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        // the funnel counts each rejected interaction of the window once: ours, plus any other test's
        long others = recorded.size() - byId.size();
        long funnelRejected = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> funnel(from, to).path("rejected").asLong(), n -> n >= recorded.size());
        assertEquals(REQUESTS + others, funnelRejected, "funnel rejected in [" + from + ", " + to + ")");
        System.out.printf("ledger: %d rejections recorded once each (%d from other producers in the window); "
                + "funnel rejected %d%n", byId.size(), others, funnelRejected);

        // sampled timelines: the rejection is the interaction's first fact, with the reason and size intake saw
        Random sample = new Random(SEED);
        List<Answer> all = new ArrayList<>(byId.values());
        for (int i = 0; i < 25; i++) {
            Answer answer = all.get(sample.nextInt(all.size()));
            JsonNode first = client.get(Service.LEDGER, "/ledger/interactions/" + answer.interactionId(), "compliance")
                    .json().path("events").get(0);
            assertEquals("InteractionRejected", first.path("type").asText(), first.toString());
            assertEquals(answer.request().code(), first.path("payload").path("reason").asText(), first.toString());
            assertEquals(answer.request().body().length, first.path("payload").path("bodyBytes").asLong());
        }
    }

    /** Sends every request with at most {@link #IN_FLIGHT} at a time. */
    private List<Answer> sendAll(List<HostileRequests.Request> requests, String token) {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        for (HostileRequests.Request request : requests) {
            slots.acquireUninterruptibly();
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(Service.INTAKE.url("/interactions")))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
            if (request.contentType() != null) {
                builder.header("Content-Type", request.contentType());
            }
            for (int i = 0; i < request.headers().size(); i += 2) {
                builder.header(request.headers().get(i), request.headers().get(i + 1));
            }
            pending.add(http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> slots.release())
                    .thenApply(r -> new Answer(request, r.statusCode(),
                            r.headers().firstValue("Content-Type").orElse(""),
                            r.headers().firstValue("X-Interaction-Id").orElse(null), r.body())));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /** What is wrong with the answer, or null. */
    private static String check(Answer answer) {
        HostileRequests.Request request = answer.request();
        String what = request.category() + " (" + request.contentType() + ", " + request.body().length + " bytes): "
                + answer.status() + " " + abbreviate(answer.body());
        if (answer.status() != request.status()) {
            return what + " — expected " + request.status();
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return what + " — Content-Type " + answer.contentType();
        }
        if (answer.interactionId() == null) {
            return what + " — no X-Interaction-Id";
        }
        JsonNode problem = Json.read(answer.body(), JsonNode.class);
        if (!problem.path("type").asText().endsWith("/" + request.code())) {
            return what + " — expected type " + request.code();
        }
        String detail = problem.path("detail").asText();
        if (!request.code().equals("validation-failed")) {
            return detail.contains(request.mustName()) ? null : what + " — detail does not say " + request.mustName();
        }
        boolean named = StreamSupport.stream(problem.path("violations").spliterator(), false)
                .anyMatch(v -> v.path("field").asText().startsWith(request.mustName())
                        && !v.path("message").asText().isBlank());
        return named && detail.contains(request.mustName()) ? null
                : what + " — no violation of " + request.mustName();
    }

    /** interactionId → how often an InteractionRejected of it occurred in [from, to), from the ledger's replay. */
    private Map<String, Integer> rejectedBetween(Instant from, Instant to) {
        SuiteClient.Reply replay = client.get(Service.LEDGER, "/ledger/replay?type=InteractionRejected&from=" + from
                + "&to=" + to, "compliance");
        assertEquals(200, replay.status(), replay.body());
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        replay.body().lines().filter(l -> !l.isBlank())
                .forEach(l -> counts.merge(Json.read(l, JsonNode.class).path("interactionId").asText(), 1, Integer::sum));
        return counts;
    }

    private JsonNode funnel(Instant from, Instant to) {
        return client.get(Service.LEDGER, "/ledger/funnel?from=" + from + "&to=" + to, "compliance").json();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
