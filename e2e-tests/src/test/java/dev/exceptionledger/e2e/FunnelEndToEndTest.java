package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A journey through the running suite (see {@link LocalSuite}), exercised with real tokens. */
@ExtendWith(LocalSuite.class)
class FunnelEndToEndTest {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private final SuiteClient client = new SuiteClient();

    @Test
    void escalatesTheCfoCaseWithItsContextAndRecordsTheJourneyAndTheVerdict() {
        String externalId = "e2e-" + UUID.randomUUID();
        SuiteClient.Reply accepted = client.postInteraction("""
                {"channel":"email","subject":"Quick question",
                 "text":"Does your platform integrate with our ERP? We run SAP for finance and need invoices to sync.",
                 "contact":{"name":"Dana Reyes","email":"dana@meridian.example","title":"CFO","company":"Meridian","companySize":800},
                 "agentDecision":{"label":"low_priority_technical_question","confidence":0.55,"action":"closed"},
                 "externalId":"%s"}""".formatted(externalId));
        assertEquals(202, accepted.status(), accepted.body());
        String interactionId = accepted.json().get("interactionId").asText();

        JsonNode timeline = await().atMost(PIPELINE).until(() -> timeline(interactionId),
                t -> Timelines.types(t).containsAll(List.of("InteractionReceived", "InteractionClassified", "InteractionRouted")));
        List<String> types = Timelines.types(timeline);
        assertTrue(types.indexOf("InteractionReceived") < types.indexOf("InteractionClassified")
                && types.indexOf("InteractionClassified") < types.indexOf("InteractionRouted"), "order: " + types);
        JsonNode routed = Timelines.payload(timeline, "InteractionRouted");
        assertEquals("ESCALATED", routed.get("outcome").asText(), routed.toString());
        assertNotNull(routed.get("policyVersion"));

        JsonNode item = await().atMost(PIPELINE).until(() -> reviewItemFor(interactionId), i -> i != null);
        List<String> reasons = new ArrayList<>();
        item.path("reasonCodes").forEach(r -> reasons.add(r.asText()));
        assertTrue(reasons.contains("AGENT_BLIND_SPOT") || reasons.contains("HIGH_VALUE"), "reasons: " + reasons);
        JsonNode packet = client.get(Service.REVIEW, "/reviews/" + item.get("id").asText(), "reviewer").json()
                .path("packet");
        assertTrue(packet.path("question").asText().contains("integrate with our ERP"), packet.toString());
        assertEquals("CFO", packet.path("contact").path("title").asText());
        assertEquals(800, packet.path("contact").path("companySize").asInt());
        SuiteClient.Reply verdict = client.postJson(Service.REVIEW, "/reviews/" + item.get("id").asText() + "/verdict",
                "reviewer", """
                        {"verdict":"CONFIRMED","note":"Right call: a CFO asking about SAP is a sales lead."}""");
        assertEquals(201, verdict.status(), verdict.body());

        JsonNode reviewed = await().atMost(PIPELINE).until(() -> timeline(interactionId),
                t -> Timelines.types(t).contains("ReviewRecorded"));
        assertEquals("CONFIRMED", Timelines.payload(reviewed, "ReviewRecorded").get("verdict").asText());
    }

    /**
     * The learning loop: reviewers correct a handful of similar messages to an intent the taxonomy lacks; the
     * classifier learns it as a new taxonomy version, a new similar message gets it, and the ledger shows which
     * version decided each one.
     */
    @Test
    void reviewersCorrectionsTeachTheClassifierANewIntent() {
        String[] corrected = {
                "We need your Scope 3 carbon emissions data for our ESG disclosure this quarter.",
                "Can you send the carbon footprint figures of your service for our sustainability report?",
                "Our ESG team asks for your greenhouse gas emissions per customer for the annual report.",
                "Please share your CO2 emissions methodology, our sustainability auditors need it.",
                "For our CSRD reporting we need the carbon emissions attributable to our account."};
        // a new intent name per run: the classifier re-learns earlier runs' corrections from the feedback topic
        String intent = "esg_reporting_" + UUID.randomUUID().toString().substring(0, 8);
        int intentsBefore = activeTaxonomy().path("intents").asInt();
        List<String> correctedIds = new ArrayList<>();
        for (String text : corrected) {
            correctedIds.add(postSeniorBuyerQuestion(text));
        }
        for (String interactionId : correctedIds) {
            JsonNode item = await().atMost(PIPELINE).until(() -> reviewItemFor(interactionId), i -> i != null);
            SuiteClient.Reply verdict = client.postJson(Service.REVIEW, "/reviews/" + item.get("id").asText()
                    + "/verdict", "reviewer", """
                    {"verdict":"OVERTURNED","note":"An ESG data request: sustainability team.",
                     "correctIntent":"%s","correctTeam":"sustainability"}""".formatted(intent));
            assertEquals(201, verdict.status(), verdict.body());
        }
        String learned = await().atMost(PIPELINE).until(this::activeTaxonomy,
                v -> v.path("intents").asInt() == intentsBefore + 1).path("version").asText();

        String newId = postSeniorBuyerQuestion(
                "Could you provide the carbon emissions data we need for our ESG report?");

        JsonNode decided = Timelines.payload(await().atMost(PIPELINE).until(() -> timeline(newId),
                t -> Timelines.types(t).contains("InteractionClassified")), "InteractionClassified");
        assertEquals(intent, decided.get("intent").asText(), decided.toString());
        assertEquals(learned, decided.get("taxonomyVersion").asText());
        String before = Timelines.payload(timeline(correctedIds.get(0)), "InteractionClassified").get("taxonomyVersion").asText();
        assertFalse(before.equals(learned), "the corrected ones were decided by the version before: " + before);
    }

    /** A question from a CFO that the agent closed: escalated as high value whatever its intent. */
    private String postSeniorBuyerQuestion(String text) {
        SuiteClient.Reply reply = client.postInteraction("""
                {"channel":"email","text":"%s",
                 "contact":{"name":"Alex Kim","email":"alex.kim@northwind.example","title":"CFO","company":"Northwind","companySize":900},
                 "agentDecision":{"label":"other","confidence":0.5,"action":"closed"}}""".formatted(text));
        assertEquals(202, reply.status(), reply.body());
        return reply.json().get("interactionId").asText();
    }

    private JsonNode activeTaxonomy() {
        for (JsonNode version : client.get(Service.CLASSIFIER, "/taxonomy/versions", "policy-admin").json()) {
            if (version.path("active").asBoolean()) {
                return version;
            }
        }
        throw new AssertionError("no active taxonomy version");
    }

    @Test
    void rejectedInteractionIsAFactInTheFunnel() {
        long rejectedBefore = funnel().get("rejected").asLong();

        SuiteClient.Reply rejected = client.postInteraction("{\"channel\":\"email\",\"text\":\"\"}");

        assertEquals(400, rejected.status(), rejected.body());
        assertNotNull(rejected.interactionId(), "intake names the rejection in X-Interaction-Id");
        JsonNode timeline = await().atMost(PIPELINE).until(() -> timeline(rejected.interactionId()),
                t -> Timelines.types(t).contains("InteractionRejected"));
        assertEquals("InteractionRejected", Timelines.types(timeline).get(0));
        await().atMost(PIPELINE).until(() -> funnel().get("rejected").asLong() > rejectedBefore);
        JsonNode funnel = funnel();
        assertEquals(funnel.get("received").asLong(), funnel.get("accepted").asLong() + funnel.get("rejected").asLong());
    }

    @Test
    void keycloakTokensAreCheckedForTheirRealmRoles() throws Exception {
        assertEquals(403, client.postJson(Service.INTAKE, "/interactions", "reviewer", "{}").status());
        assertEquals(403, client.get(Service.LEDGER, "/ledger/funnel", "intake").status());
        assertEquals(200, client.get(Service.LEDGER, "/ledger/funnel", "reviewer").status());
        HttpResponse<Void> anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(Service.REVIEW.url("/reviews?status=open"))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(401, anonymous.statusCode());
    }

    private JsonNode timeline(String interactionId) {
        SuiteClient.Reply reply = client.get(Service.LEDGER, "/ledger/interactions/" + interactionId, "compliance");
        return reply.status() == 200 ? reply.json() : null;
    }

    private JsonNode funnel() {
        return client.get(Service.LEDGER, "/ledger/funnel", "compliance").json();
    }

    private JsonNode reviewItemFor(String interactionId) {
        return OpenReviews.itemFor(client, interactionId);
    }
}
