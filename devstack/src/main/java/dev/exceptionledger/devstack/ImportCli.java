package dev.exceptionledger.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code deploy/local/run import FILE [--mapping NAME]}: posts a file of past interactions to intake's
 * {@code POST /imports}, shows the import's progress and then the pipeline's (routed of accepted), and ends with what
 * the retrospective found: counts, escalations by team, discards, and the exceptions the agent had closed, deflected
 * or ignored, with their value signals.
 */
public final class ImportCli {
    private ImportCli() { }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration PIPELINE_LIMIT = Duration.ofMinutes(30);
    /** No routing decision counted for this long: the pipeline is stuck, stop waiting and say so. */
    private static final Duration STALL = Duration.ofSeconds(60);
    private static final List<String> MISSED_ACTIONS = List.of("closed", "deflected", "ignored");

    /**
     * @return whether every line of the file was accounted for (accepted, already imported or rejected) and every
     * accepted one routed
     */
    public static boolean run(List<String> args) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            System.err.println("usage: deploy/local/run import FILE [--mapping NAME]");
            return false;
        }
        Path file = Path.of(args.get(0));
        String mapping = args.size() >= 3 && args.get(1).equals("--mapping") ? args.get(2) : null;
        String type = file.toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "text/csv" : "application/x-ndjson";
        Map<String, String> tokens = new HashMap<>();

        String query = mapping == null ? "" : "?mapping=" + URLEncoder.encode(mapping, StandardCharsets.UTF_8);
        Instant started = Instant.now();
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(Service.INTAKE.url("/imports" + query)))
                .header("Authorization", "Bearer " + token(tokens, "intake")).header("Content-Type", type)
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
            System.out.println("intake refused the file: " + posted.statusCode() + " " + posted.body());
            return false;
        }
        String importId = Json.read(posted.body(), JsonNode.class).path("importId").asText();
        boolean again = posted.headers().firstValue("Idempotent-Replayed").isPresent();
        System.out.printf("import %s of %s (%s, %d bytes, stored in %.1f s)%s%n", importId, file.getFileName(),
                mapping == null ? "default mapping" : "mapping " + mapping, Files.size(file),
                seconds(started), again ? ": this file was imported before, nothing new is added" : "");

        JsonNode status = status(tokens, importId);
        while (status.path("status").asText().equals("RUNNING")) {
            bar("intake  ", status.path("processed").asLong(), status.path("lines").asLong(), started);
            Thread.sleep(500);
            status = status(tokens, importId);
        }
        bar("intake  ", status.path("processed").asLong(), status.path("lines").asLong(), started);
        System.out.println();
        if (status.path("status").asText().equals("FAILED")) {
            System.out.println("the import FAILED: " + status.path("failure").asText());
            return false;
        }
        Instant pipeline = Instant.now();
        long accepted = status.path("accepted").asLong();
        long lastRouted = -1;
        Instant lastProgress = Instant.now();
        while (status.path("routed").asLong() < accepted && Duration.between(pipeline, Instant.now())
                .compareTo(PIPELINE_LIMIT) < 0 && Duration.between(lastProgress, Instant.now()).compareTo(STALL) < 0) {
            bar("pipeline", status.path("routed").asLong(), accepted, started);
            Thread.sleep(1000);
            status = status(tokens, importId);
            if (status.path("routed").asLong() != lastRouted) {
                lastRouted = status.path("routed").asLong();
                lastProgress = Instant.now();
            }
        }
        bar("pipeline", status.path("routed").asLong(), accepted, started);
        System.out.println();
        System.out.printf("%d lines: %d accepted, %d already imported, %d rejected; %d routed (%.1f s in all)%n",
                status.path("lines").asLong(), accepted, status.path("duplicates").asLong(),
                status.path("rejected").asLong(), status.path("routed").asLong(), seconds(started));
        // the same file again is the same import: its facts were recorded when it first ran
        Instant created = status.path("createdAt").isTextual() ? Instant.parse(status.path("createdAt").asText())
                : started;
        boolean routedAll = status.path("routed").asLong() == accepted;
        if (!routedAll) {
            System.out.printf("the pipeline routed %d of the %d accepted lines and then nothing for %d s: the ledger "
                    + "records the rest as stalled once their deadline passes (GET /ledger/funnel, stalled)%n",
                    status.path("routed").asLong(), accepted, STALL.toSeconds());
        }
        summary(tokens, importId, created.isBefore(started) ? created : started);
        return routedAll && status.path("lines").asLong() == accepted + status.path("duplicates").asLong()
                + status.path("rejected").asLong();
    }

    /** What became of the import's accepted lines, from the ledger's facts recorded since {@code since}. */
    private static void summary(Map<String, String> tokens, String importId, Instant since)
            throws IOException, InterruptedException {
        Map<String, JsonNode> lines = new HashMap<>();
        List<JsonNode> rejected = new ArrayList<>();
        Long from = 1L;
        while (from != null) {
            JsonNode page = get(tokens, "intake", Service.INTAKE, "/imports/" + importId + "/lines?limit=1000&from=" + from);
            for (JsonNode line : page.path("lines")) {
                if (line.path("status").asText().equals("ACCEPTED")) {
                    lines.put(line.path("interactionId").asText(), line);
                } else if (line.path("status").asText().equals("REJECTED")) {
                    rejected.add(line);
                }
            }
            from = page.path("next").isNull() ? null : page.path("next").asLong();
        }
        Map<String, JsonNode> routed = new HashMap<>();
        Map<String, JsonNode> classified = new HashMap<>();
        String window = "&from=" + since.minusSeconds(60) + "&to=" + Instant.now().plusSeconds(60);
        replay(tokens, "/ledger/replay?type=InteractionRouted" + window, e -> {
            if (lines.containsKey(e.path("interactionId").asText())) {
                routed.put(e.path("interactionId").asText(), e.path("payload"));
            }
        });
        replay(tokens, "/ledger/replay?type=InteractionClassified" + window, e -> {
            if (lines.containsKey(e.path("interactionId").asText())) {
                classified.put(e.path("interactionId").asText(), e.path("payload"));
            }
        });

        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> byTeam = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : routed.entrySet()) {
            String outcome = r.getValue().path("outcome").asText();
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome.equals("ESCALATED") || outcome.equals("REROUTED")) {
                byTeam.merge(r.getValue().path("team").asText("?"), 1, Integer::sum);
                JsonNode c = classified.get(r.getKey());
                String action = c == null ? null
                        : c.path("interaction").path("agentDecision").path("canonicalAction").asText(null);
                if (action != null && MISSED_ACTIONS.contains(action)) {
                    missed.add(describe(lines.get(r.getKey()), c, r.getValue(), action));
                }
            }
        }
        System.out.println();
        System.out.println("what the retrospective found (from the ledger):");
        outcomes.forEach((outcome, count) -> System.out.printf("  %-14s %6d%n", outcome, count));
        if (!byTeam.isEmpty()) {
            System.out.println("  escalated by team:");
            byTeam.forEach((team, count) -> System.out.printf("    %-20s %6d%n", team, count));
        }
        System.out.printf("%nexceptions the agent had closed, deflected or ignored: %d%n", missed.size());
        missed.stream().sorted().forEach(System.out::println);
        if (!rejected.isEmpty()) {
            System.out.printf("%nrejected lines: %d (GET %s)%n", rejected.size(),
                    Service.INTAKE.url("/imports/" + importId + "/lines"));
            rejected.stream().limit(10).forEach(l -> System.out.printf("  line %d: %s%n", l.path("line").asLong(),
                    l.path("reason").asText()));
        }
        System.out.println("\nthe imported traffic's funnel: GET " + Service.LEDGER.url("/ledger/funnel?traffic=imported")
                + "; its review queue: GET " + Service.REVIEW.url("/reviews?source=import"));
    }

    private static String describe(JsonNode line, JsonNode classified, JsonNode routed, String action) {
        JsonNode interaction = classified.path("interaction");
        JsonNode contact = interaction.path("contact");
        StringBuilder who = new StringBuilder();
        Stream.of(contact.path("title").asText(""), contact.path("company").asText(""),
                contact.has("companySize") ? contact.path("companySize").asText() + " people" : "")
                .filter(s -> !s.isBlank()).forEach(s -> who.append(who.isEmpty() ? "" : ", ").append(s));
        List<String> signals = new ArrayList<>();
        classified.path("valueSignals").forEach(s -> signals.add(s.path("name").asText()
                + "(" + s.path("evidence").asText("") + ")"));
        String text = interaction.path("text").asText();
        return String.format("  line %-6d %-12s %s: agent %s it; now %s to %s (%s)%n      %s%n      \"%s\"%n      value %.2f: %s",
                line.path("line").asLong(), line.path("externalId").asText("-"), interaction.path("occurredAt").asText(),
                action, routed.path("outcome").asText(), routed.path("team").asText("-"),
                String.join(",", iterable(routed.path("reasonCodes"))), who.isEmpty() ? "(unknown sender)" : who,
                text.length() > 110 ? text.substring(0, 107) + "..." : text, classified.path("valueScore").asDouble(),
                signals.isEmpty() ? "none" : String.join(", ", signals));
    }

    private static List<String> iterable(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static void bar(String label, long done, long total, Instant started) {
        int width = 40;
        int filled = total == 0 ? width : (int) (width * Math.min(1.0, (double) done / total));
        System.out.printf("\r%s [%s%s] %d/%d  %.0f s", label, "#".repeat(filled), ".".repeat(width - filled), done,
                total, seconds(started));
        System.out.flush();
    }

    private static JsonNode status(Map<String, String> tokens, String importId) throws IOException, InterruptedException {
        return get(tokens, "intake", Service.INTAKE, "/imports/" + importId);
    }

    private static JsonNode get(Map<String, String> tokens, String role, Service service, String path)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url(path)))
                .header("Authorization", "Bearer " + token(tokens, role)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return Json.read(response.body(), JsonNode.class);
    }

    /** Streams the ledger's replay line by line: a large import's events are never all in memory. */
    private static void replay(Map<String, String> tokens, String path, Consumer<JsonNode> each)
            throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create(Service.LEDGER.url(path)))
                .header("Authorization", "Bearer " + token(tokens, "compliance")).build(),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode());
        }
        try (Stream<String> lines = response.body()) {
            lines.filter(l -> !l.isBlank()).forEach(l -> each.accept(Json.read(l, JsonNode.class)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final Map<String, Instant> FETCHED = new HashMap<>();

    private static String token(Map<String, String> tokens, String role) {
        // a token lives a few minutes: a long import asks again after one
        Instant fetched = FETCHED.get(role);
        if (fetched == null || fetched.isBefore(Instant.now().minusSeconds(60))) {
            tokens.put(role, Tokens.forRole(role));
            FETCHED.put(role, Instant.now());
        }
        return tokens.get(role);
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
