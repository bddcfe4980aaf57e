package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's first complaint, as a new user met it: an agent that "ignored" a managing partner's question about a
 * strategic investment. The suite must accept the agent's word, score the interaction and route it, and keep the
 * agent's word next to its canonical form all the way to the ledger.
 */
@ExtendWith(LocalSuite.class)
class AgentVocabularyEndToEndTest {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private final SuiteClient client = new SuiteClient();

    @Test
    void anInteractionTheAgentIgnoredIsAcceptedClassifiedAndRouted() {
        SuiteClient.Reply accepted = client.postInteraction("""
                {"channel":"email","subject":"Strategic investment",
                 "text":"We are considering a strategic investment in your company alongside a wider partnership. Who on your side should our investment committee talk to?",
                 "contact":{"name":"Morgan Hale","email":"m.hale@harbourcap.example","title":"Managing Partner","company":"Harbour Capital","companySize":120},
                 "agentDecision":{"label":"spam_or_solicitation","confidence":0.62,"action":"ignored"},
                 "externalId":"e2e-ignored-%s"}""".formatted(UUID.randomUUID()));
        assertEquals(202, accepted.status(), accepted.body());
        String interactionId = accepted.json().get("interactionId").asText();

        JsonNode timeline = await().atMost(PIPELINE).until(() -> timeline(interactionId),
                t -> Timelines.types(t).containsAll(List.of("InteractionReceived", "InteractionClassified", "InteractionRouted")));

        JsonNode decision = Timelines.payload(timeline, "InteractionReceived").path("agentDecision");
        assertEquals("ignored", decision.path("action").asText(), decision.toString());
        assertEquals("ignored", decision.path("canonicalAction").asText(), decision.toString());
        JsonNode classified = Timelines.payload(timeline, "InteractionClassified");
        assertFalse(classified.path("intent").asText().isBlank(), classified.toString());
        assertEquals("ignored",
                classified.path("interaction").path("agentDecision").path("action").asText(), classified.toString());
        JsonNode routed = Timelines.payload(timeline, "InteractionRouted");
        // which outcome is the policy's to say (the lead tunes it); that it was decided and by which rule is ours
        assertTrue(Arrays.stream(RoutingOutcome.values()).map(Enum::name).toList()
                .contains(routed.path("outcome").asText()), routed.toString());
        assertFalse(routed.path("policyVersion").asText().isBlank(), routed.toString());
        assertFalse(routed.path("ruleId").asText().isBlank(), routed.toString());
    }

    private JsonNode timeline(String interactionId) {
        SuiteClient.Reply reply = client.get(Service.LEDGER, "/ledger/interactions/" + interactionId, "compliance");
        return reply.status() == 200 ? reply.json() : null;
    }
}
