package dev.exceptionledger.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java half of {@code deploy/local/run}: what needs HTTP and JSON, so the script needs nothing but java.
 * <ul>
 *   <li>{@code token ROLE} prints an access token for that role;</li>
 *   <li>{@code await-ready SECONDS [REPLICAS]} waits until every instance of the five services reports ready;</li>
 *   <li>{@code partitions N} gives every topic of the suite at least N partitions, so N instances of a service all
 *       consume;</li>
 *   <li>{@code demo FILE} posts each line of FILE to intake as a run of its own (its externalIds carry the run's id),
 *       waits until the ledger accounts for every one, and prints where each went and the run's funnel beside the
 *       ledger-wide one;</li>
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

    /** One posted line (by its externalId in the file) and what became of it. */
    private record Posted(String externalId, int status, String interactionId) { }

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("'r'yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /**
     * The prefix of this run's externalIds, e.g. {@code demo-r20250131-120000-}: the demo's lines are new
     * interactions on every run, and the ledger counts the run's own by it ({@code GET /ledger/funnel?externalIdPrefix}).
     */
    static String runPrefix(Instant started) {
        return "demo-" + RUN_ID.format(started) + "-";
    }

    /** The line with its externalId moved into the run: {@code demo-011} becomes {@code <run prefix>011}. */
    static String inRun(String line, String runPrefix) {
        JsonNode json = Json.read(line, JsonNode.class);
        if (!(json instanceof ObjectNode object) || !object.path("externalId").isTextual()) {
            return line; // sent as written: intake's answer (a rejection) is part of the demo
        }
        String externalId = object.path("externalId").asText();
        object.put("externalId", runPrefix + (externalId.startsWith("demo-") ? externalId.substring(5) : externalId));
        return Json.write(object);
    }

    private static boolean demo(Path file) throws IOException {
        SuiteClient client = new SuiteClient();
        String run = runPrefix(Instant.now());
        List<Posted> posted = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            SuiteClient.Reply reply = client.postInteraction(inRun(line, run));
            String externalId = Json.read(line, JsonNode.class).path("externalId").asText("?");
            posted.add(new Posted(externalId, reply.status(), reply.interactionId()));
        }
        System.out.printf("posted %d interactions to intake as run %s (their externalIds are %s001, ...)%n%n",
                posted.size(), run.substring(0, run.length() - 1), run);

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

        String runFunnel = "/ledger/funnel?externalIdPrefix=" + URLEncoder.encode(run, StandardCharsets.UTF_8);
        JsonNode ofRun = awaitRunFunnel(client, runFunnel, posted.size(), deadline);
        JsonNode ofLedger = client.get(Service.LEDGER, "/ledger/funnel", "compliance").json();
        System.out.println();
        System.out.println("funnel of this run (GET " + Service.LEDGER.url(runFunnel) + ")");
        System.out.println("beside the whole ledger's (GET " + Service.LEDGER.url("/ledger/funnel")
                + ": earlier runs, imports and tests included):");
        printSideBySide(ofRun, ofLedger);
        if (!missing.isEmpty()) {
            System.out.println("NOT accounted for in the ledger after 120 s: " + missing);
            return false;
        }
        System.out.println("every posted interaction is accounted for in the ledger");
        return true;
    }

    /**
     * The run's funnel once it counts every posted line and has nothing pending: the funnel is a projection, a moment
     * behind the timelines the demo waited for.
     */
    private static JsonNode awaitRunFunnel(SuiteClient client, String path, int posted, Instant deadline) {
        JsonNode funnel = client.get(Service.LEDGER, path, "compliance").json();
        while (Instant.now().isBefore(deadline) && (funnel.path("received").asLong() < posted
                || funnel.path("pending").path("notYetClassified").asLong() > 0
                || funnel.path("pending").path("notYetRouted").asLong() > 0)) {
            sleep(300);
            funnel = client.get(Service.LEDGER, path, "compliance").json();
        }
        return funnel;
    }

    /** One line per count (nested ones by their path, e.g. routed.ESCALATED): this run's, then the ledger's. */
    private static void printSideBySide(JsonNode ofRun, JsonNode ofLedger) {
        Map<String, String> run = new LinkedHashMap<>();
        Map<String, String> ledger = new LinkedHashMap<>();
        flatten("", ofRun, run);
        flatten("", ofLedger, ledger);
        System.out.printf("  %-32s %10s %12s%n", "", "this run", "ledger");
        Set<String> paths = new LinkedHashSet<>(ledger.keySet());
        paths.addAll(run.keySet());
        for (String path : paths) {
            System.out.printf("  %-32s %10s %12s%n", path, run.getOrDefault(path, "0"), ledger.getOrDefault(path, "0"));
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(),
                    f.getValue(), into));
        } else {
            into.put(prefix, node.asText());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
