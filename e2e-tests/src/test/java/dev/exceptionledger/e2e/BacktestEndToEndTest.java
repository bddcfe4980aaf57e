package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A candidate policy backtested over the live ledger's history, checked against a recount of the same history
 * read directly from the ledger's replay.
 */
@ExtendWith(LocalSuite.class)
class BacktestEndToEndTest {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private final SuiteClient client = new SuiteClient();

    @Test
    void backtestCountsMatchADirectRecountOfTheLedger() throws IOException {
        Instant from = Instant.now().minusMillis(1);
        Set<String> posted = new HashSet<>();
        for (String line : Files.readAllLines(DevStackPaths.root().resolve("deploy/local/demo/interactions.jsonl"))) {
            SuiteClient.Reply reply = client.postInteraction(line.replace("\"externalId\":\"",
                    "\"externalId\":\"backtest-" + UUID.randomUUID() + "-"));
            if (reply.status() == 202) {
                posted.add(reply.interactionId());
            }
        }
        assertTrue(posted.size() >= 10, "the demo interactions were accepted: " + posted.size());
        await().atMost(PIPELINE).until(() -> routedSince(from).keySet().containsAll(posted));
        Instant to = Instant.now();

        // candidate: what the agent handles routinely goes to support instead
        String candidate = Files.readString(DevStackPaths.root().resolve("deploy/policy/default.yaml"))
                .replaceFirst("(?m)^version: .*$", "version: backtest-" + UUID.randomUUID())
                .replace("    then: AGENT\n",
                        "    then: ESCALATE\n    team: support\n    priority: P3\n    reasonCode: POLICY_RULE\n");
        assertTrue(candidate.contains("team: support\n    priority: P3\n    reasonCode: POLICY_RULE"), candidate);
        SuiteClient.Reply reply = client.postJson(Service.ROUTING, "/policy/backtest", "policy-admin", Json.write(
                Map.of("policy", candidate, "from", from.toString(), "to", to.toString(), "maxMoves", 1000)));
        assertEquals(200, reply.status(), reply.body());
        JsonNode report = reply.json();

        // the recount: the classifications of the range, and what the ledger says routing decided for each
        Set<String> classified = new HashSet<>();
        replay("InteractionClassified", from, to).forEach(e -> classified.add(e.path("interactionId").asText()));
        // (anything else classified in the range, e.g. by another test, must be in the recount too)
        Map<String, JsonNode> routed = await().atMost(PIPELINE).until(() -> routedSince(from),
                r -> r.keySet().containsAll(classified));
        Map<String, Long> active = new HashMap<>();
        Set<String> routine = new HashSet<>();
        for (String id : classified) {
            JsonNode decision = routed.get(id);
            assertEquals(report.path("activeVersion").asText(), decision.path("policyVersion").asText(),
                    "the range was decided by the active policy");
            active.merge(decision.path("outcome").asText(), 1L, Long::sum);
            if ("agent-routine".equals(decision.path("ruleId").asText())) {
                routine.add(id);
            }
        }
        assertTrue(classified.containsAll(posted), "the range holds every posted interaction");
        assertTrue(!routine.isEmpty(), "the demo has routine cases the agent handles, so the candidate moves some");

        assertEquals(classified.size(), report.path("decided").asLong() + report.path("skipped").asLong());
        assertEquals(0, report.path("skipped").asLong());
        for (String outcome : List.of("AGENT_HANDLED", "ESCALATED", "REROUTED", "DISCARDED")) {
            long recounted = active.getOrDefault(outcome, 0L);
            long moved = outcome.equals("AGENT_HANDLED") ? -routine.size()
                    : outcome.equals("ESCALATED") ? routine.size() : 0;
            assertEquals(recounted, report.path("active").path(outcome).asLong(), "active " + outcome);
            assertEquals(recounted + moved, report.path("candidate").path(outcome).asLong(), "candidate " + outcome);
            assertEquals(moved, report.path("change").path(outcome).asLong(), "change " + outcome);
        }
        assertEquals(routine.size(), report.path("moved").asLong());
        Set<String> listed = new HashSet<>();
        report.path("moves").forEach(m -> listed.add(m.path("interactionId").asText()));
        assertEquals(routine, listed);
    }

    /** The routing decisions recorded for interactions classified since {@code from}, by interactionId. */
    private Map<String, JsonNode> routedSince(Instant from) {
        Map<String, JsonNode> routed = new HashMap<>();
        replay("InteractionRouted", from, Instant.now().plusSeconds(60))
                .forEach(e -> routed.put(e.path("interactionId").asText(), e.path("payload")));
        return routed;
    }

    private List<JsonNode> replay(String type, Instant from, Instant to) {
        SuiteClient.Reply reply = client.get(Service.LEDGER, "/ledger/replay?type=" + type + "&from="
                + encode(from) + "&to=" + encode(to), "compliance");
        assertEquals(200, reply.status(), reply.body());
        return reply.body().lines().filter(l -> !l.isBlank()).map(l -> Json.read(l, JsonNode.class)).toList();
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
