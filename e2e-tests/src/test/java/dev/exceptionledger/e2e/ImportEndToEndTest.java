package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import dev.exceptionledger.devstack.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports of past conversations through the running suite (see {@link LocalSuite}): an NDJSON file reaches DONE with
 * every line accounted for and every accepted line routed in the ledger with its original time; the same file again
 * adds nothing; and a kill -9 of intake in the middle of an import loses and duplicates nothing.
 * <p>
 * Each file's interactions happened in an hour of the 1990s of its own, so the funnel of that hour (imported traffic)
 * counts only them.
 */
@ExtendWith(LocalSuite.class)
class ImportEndToEndTest {

    private static final Duration PIPELINE = Duration.ofMinutes(5);
    private final SuiteClient client = new SuiteClient();

    private static Instant privateHour() {
        return Instant.parse("1990-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextInt(0, 80_000), ChronoUnit.HOURS);
    }

    /** {@code count} routine conversations of the hour (one a second), then the bad lines; ids of their own. */
    private static String file(String prefix, Instant hour, int count, boolean withBadLines) {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            file.append("""
                    {"occurredAt":"%s","channel":"chat","text":"Hi, how do I reset my password? (%s %d)","contact":{"name":"Sam Lee","email":"sam@example.com","company":"Small Co","companySize":12},"agentDecision":{"label":"account_access","confidence":0.93,"action":"answered"},"externalId":"%s-%d"}
                    """.formatted(hour.plusSeconds(i % 3600), prefix, i, prefix, i));
        }
        if (withBadLines) {
            file.append("not json at all\n");
            file.append("{\"occurredAt\":\"%s\",\"channel\":\"carrier-pigeon\",\"text\":\"hello\"}\n".formatted(hour));
            file.append("{\"channel\":\"chat\",\"text\":\"no time\"}\n");
        }
        return file.toString();
    }

    private HttpResponse<String> post(String file) {
        return Api.send(HttpRequest.newBuilder(URI.create(Service.INTAKE.url("/imports?mapping=ndjson")))
                .header("Authorization", "Bearer " + Tokens.forRole("intake"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(file)));
    }

    private String start(String file) {
        HttpResponse<String> response = post(file);
        assertEquals(202, response.statusCode(), response.body());
        return Json.read(response.body(), JsonNode.class).path("importId").asText();
    }

    private JsonNode status(String importId) {
        SuiteClient.Reply reply = client.get(Service.INTAKE, "/imports/" + importId, "intake");
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private JsonNode awaitDone(String importId) {
        return await().atMost(PIPELINE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> status(importId), s -> s.path("status").asText().equals("DONE"));
    }

    private Map<Long, JsonNode> lines(String importId) {
        Map<Long, JsonNode> lines = new HashMap<>();
        Long from = 1L;
        while (from != null) {
            SuiteClient.Reply page = client.get(Service.INTAKE, "/imports/" + importId + "/lines?limit=1000&from=" + from,
                    "intake");
            assertEquals(200, page.status(), page.body());
            page.json().path("lines").forEach(l -> lines.put(l.path("line").asLong(), l));
            from = page.json().path("next").isNull() ? null : page.json().path("next").asLong();
        }
        return lines;
    }

    private JsonNode importedFunnel(Instant hour) {
        return client.get(Service.LEDGER, "/ledger/funnel?traffic=imported&from=" + hour + "&to="
                + hour.plus(1, ChronoUnit.HOURS), "compliance").json();
    }

    @Test
    void anImportIsRoutedLineByLineWithItsOriginalTimesAndImportingItAgainAddsNothing() {
        Instant hour = privateHour();
        String prefix = "e2e-import-" + UUID.randomUUID();
        String file = file(prefix, hour, 40, true);
        String importId = start(file);

        JsonNode done = awaitDone(importId);
        assertEquals(43, done.path("lines").asLong(), done.toString());
        assertEquals(40, done.path("accepted").asLong(), done.toString());
        assertEquals(3, done.path("rejected").asLong(), done.toString());
        Map<Long, JsonNode> lines = lines(importId);
        assertEquals(43, lines.size(), "every line is accounted for");
        for (long line = 41; line <= 43; line++) {
            assertEquals("REJECTED", lines.get(line).path("status").asText(), lines.get(line).toString());
            assertTrue(!lines.get(line).path("reason").asText().isBlank());
        }
        for (long line = 1; line <= 40; line++) {
            JsonNode accepted = lines.get(line);
            assertEquals("ACCEPTED", accepted.path("status").asText(), accepted.toString());
            Instant occurredAt = hour.plusSeconds(line % 3600);
            JsonNode timeline = await().atMost(PIPELINE).ignoreExceptions()
                    .until(() -> timeline(accepted.path("interactionId").asText()),
                            t -> Timelines.types(t).contains("InteractionRouted"));
            JsonNode received = Timelines.payload(timeline, "InteractionReceived");
            assertEquals(occurredAt, Instant.parse(received.path("occurredAt").asText()), received.toString());
            assertEquals(importId, received.path("importId").asText());
            assertEquals(1, Timelines.types(timeline).stream().filter("InteractionRouted"::equals).count());
        }
        await().atMost(PIPELINE).until(() -> status(importId).path("routed").asLong() == 40);
        await().atMost(PIPELINE).until(() -> importedFunnel(hour).path("accepted").asLong() == 40);
        assertEquals(0, client.get(Service.LEDGER, "/ledger/funnel?traffic=live&from=" + hour + "&to="
                + hour.plus(1, ChronoUnit.HOURS), "compliance").json().path("received").asLong());

        HttpResponse<String> again = post(file);
        assertEquals(202, again.statusCode(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(importId, Json.read(again.body(), JsonNode.class).path("importId").asText());
        // a longer export that repeats these conversations adds only its new one
        String overlapping = start(file(prefix, hour, 41, false));
        JsonNode second = awaitDone(overlapping);
        assertEquals(40, second.path("duplicates").asLong(), second.toString());
        assertEquals(1, second.path("accepted").asLong(), second.toString());
        await().atMost(PIPELINE).until(() -> importedFunnel(hour).path("accepted").asLong() == 41);
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        assertEquals(41, importedFunnel(hour).path("accepted").asLong(), "nothing else was added");
    }

    @Test
    void aKillOfIntakeInTheMiddleOfAnImportLosesAndDuplicatesNothing() throws Exception {
        int count = 5_000;
        Instant hour = privateHour();
        String prefix = "e2e-kill-" + UUID.randomUUID();
        Instant posted = Instant.now();
        String importId = start(file(prefix, hour, count, false));

        // kill -9 as soon as a first batch is committed and before the last
        JsonNode atKill = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> status(importId), s -> s.path("processed").asLong() > 0
                        || s.path("status").asText().equals("DONE"));
        long pid = Long.parseLong(Files.readString(DevStackPaths.home().resolve("intake-service.pid")).trim());
        ProcessHandle intake = ProcessHandle.of(pid).orElseThrow();
        intake.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !intake.isAlive());
        assertTrue(atKill.path("processed").asLong() < count, "killed after the import ended: " + atKill);
        LocalSuite.run("start", 5);

        JsonNode done = awaitDone(importId);
        assertEquals(count, done.path("accepted").asLong(), done.toString());
        assertEquals(0, done.path("duplicates").asLong() + done.path("rejected").asLong(), done.toString());
        Map<Long, JsonNode> lines = lines(importId);
        assertEquals(count, lines.size());
        Set<String> ids = new HashSet<>();
        lines.values().forEach(l -> ids.add(l.path("interactionId").asText()));
        assertEquals(count, ids.size(), "one interaction per line");

        await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(2)).until(() -> routed(importedFunnel(hour)) == count);
        Map<String, Integer> received = countPerInteraction("InteractionReceived", posted, ids);
        Map<String, Integer> routed = countPerInteraction("InteractionRouted", posted, ids);
        assertEquals(count, received.size(), "every line received");
        assertEquals(count, routed.size(), "every line routed");
        assertTrue(received.values().stream().allMatch(n -> n == 1), "a line received twice");
        assertTrue(routed.values().stream().allMatch(n -> n == 1), "a line routed twice");
        assertEquals(count, importedFunnel(hour).path("accepted").asLong());
    }

    private static long routed(JsonNode funnel) {
        long routed = 0;
        for (JsonNode count : funnel.path("routed")) {
            routed += count.asLong();
        }
        return routed;
    }

    /** How often the ledger recorded an event of {@code type} of each of the interactions since {@code since}. */
    private static Map<String, Integer> countPerInteraction(String type, Instant since, Set<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        HttpResponse<Stream<String>> response;
        try {
            response = Api.HTTP.send(HttpRequest.newBuilder(URI.create(Service.LEDGER.url("/ledger/replay?type=" + type
                            + "&from=" + since.minusSeconds(60) + "&to=" + Instant.now().plusSeconds(60))))
                    .header("Authorization", "Bearer " + Tokens.forRole("compliance")).build(),
                    HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertEquals(200, response.statusCode());
        try (Stream<String> lines = response.body()) {
            lines.filter(l -> !l.isBlank()).map(l -> Json.read(l, JsonNode.class).path("interactionId").asText())
                    .filter(ids::contains).forEach(id -> counts.merge(id, 1, Integer::sum));
        }
        return counts;
    }

    private JsonNode timeline(String interactionId) {
        SuiteClient.Reply reply = client.get(Service.LEDGER, "/ledger/interactions/" + interactionId, "compliance");
        return reply.status() == 200 ? reply.json() : null;
    }
}
