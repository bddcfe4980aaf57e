package dev.exceptionledger.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java half of {@code deploy/local/run}: what needs HTTP and JSON, so the script needs nothing but java.
 * <ul>
 *   <li>{@code token ROLE} prints an access token for that role;</li>
 *   <li>{@code await-ready SECONDS [REPLICAS]} waits until every instance of the five services reports ready;</li>
 *   <li>{@code partitions N} gives every topic of the suite at least N partitions, so N instances of a service all
 *       consume;</li>
 *   <li>{@code demo FILE} posts each line of FILE to intake, waits until the ledger accounts for every one, and
 *       prints where each went and the funnel;</li>
 *   <li>{@code import FILE [--mapping NAME]} imports a file of past interactions ({@link ImportCli}).</li>
 * </ul>
 */
public final class LocalStackCli {
    private LocalStackCli() { }

    public static void main(String[] args) throws IOException, InterruptedException {
        String command = args.length > 0 ? args[0] : "";
        switch (command) {
            case "token" -> System.out.println(Tokens.forRole(args[1]));
            case "await-ready" -> Service.awaitReady(Duration.ofSeconds(Long.parseLong(args[1])),
                    args.length > 2 ? Integer.parseInt(args[2]) : 1);
            case "partitions" -> KafkaBroker.createTopics(Integer.parseInt(args[1]));
            case "demo" -> System.exit(demo(Path.of(args[1])) ? 0 : 1);
            case "import" -> System.exit(ImportCli.run(List.of(args).subList(1, args.length)) ? 0 : 1);
            default -> {
                System.err.println("usage: LocalStackCli token ROLE | await-ready SECONDS [REPLICAS] | partitions N | "
                        + "demo FILE | import FILE [--mapping NAME]");
                System.exit(2);
            }
        }
    }

    /** One posted line and what became of it. */
    private record Posted(String externalId, int status, String interactionId) { }

    private static boolean demo(Path file) throws IOException {
        SuiteClient client = new SuiteClient();
        List<Posted> posted = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            SuiteClient.Reply reply = client.postInteraction(line);
            String externalId = Json.read(line, JsonNode.class).path("externalId").asText("?");
            posted.add(new Posted(externalId, reply.status(), reply.interactionId()));
        }
        System.out.printf("posted %d interactions to intake%n%n", posted.size());

        Instant deadline = Instant.now().plusSeconds(120);
        List<String> missing = new ArrayList<>();
        System.out.printf("%-9s %-6s %-14s %-22s %-18s %-24s %-5s %-5s %s%n",
                "external", "http", "outcome", "team", "rule", "intent", "conf", "nov", "value");
        for (Posted p : posted) {
            JsonNode timeline = awaitFinalFact(client, p.interactionId(), deadline);
            if (timeline == null) {
                missing.add(p.externalId());
                System.out.printf("%-9s %-6d NOT IN LEDGER%n", p.externalId(), p.status());
                continue;
            }
            JsonNode classified = payloadOf(timeline, "InteractionClassified");
            JsonNode routed = payloadOf(timeline, "InteractionRouted");
            JsonNode rejected = payloadOf(timeline, "InteractionRejected");
            System.out.printf("%-9s %-6d %-14s %-22s %-18s %-24s %-5s %-5s %s%n", p.externalId(), p.status(),
                    rejected != null ? "REJECTED" : routed.path("outcome").asText(),
                    rejected != null ? rejected.path("reason").asText() : routed.path("team").asText("-"),
                    routed == null ? "-" : routed.path("ruleId").asText(),
                    classified == null ? "-" : classified.path("intent").asText(),
                    classified == null ? "" : String.format("%.2f", classified.path("confidence").asDouble()),
                    classified == null ? "" : String.format("%.2f", classified.path("novelty").asDouble()),
                    classified == null ? "" : String.format("%.2f", classified.path("valueScore").asDouble()));
            if (routed != null && "demo-011".equals(p.externalId())) {
                System.out.println("          the seed's CFO case: " + routed.path("explanation").asText());
            }
        }

        JsonNode funnel = client.get(Service.LEDGER, "/ledger/funnel", "compliance").json();
        System.out.println();
        System.out.println("funnel (everything in the ledger, GET " + Service.LEDGER.url("/ledger/funnel") + "):");
        System.out.println(funnel.toPrettyString());
        if (!missing.isEmpty()) {
            System.out.println("NOT accounted for in the ledger after 120 s: " + missing);
            return false;
        }
        System.out.println("every posted interaction is accounted for in the ledger");
        return true;
    }

    /** Waits until the ledger has the interaction's final fact so far: routed, or rejected at intake. */
    private static JsonNode awaitFinalFact(SuiteClient client, String interactionId, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            SuiteClient.Reply reply = client.get(Service.LEDGER, "/ledger/interactions/" + interactionId, "compliance");
            if (reply.status() == 200) {
                JsonNode timeline = reply.json();
                if (payloadOf(timeline, "InteractionRouted") != null || payloadOf(timeline, "InteractionRejected") != null) {
                    return timeline;
                }
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static JsonNode payloadOf(JsonNode timeline, String type) {
        for (JsonNode event : timeline.path("events")) {
            if (type.equals(event.path("type").asText())) {
                return event.path("payload");
            }
        }
        return null;
    }
}
