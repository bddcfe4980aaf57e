package dev.exceptionledger.routing.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.devstack.KafkaBroker;
import dev.exceptionledger.devstack.Metrics;
import dev.exceptionledger.routing.Classifications;
import dev.exceptionledger.routing.FakeEndpoints;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import dev.exceptionledger.contracts.HandoffDeliveryFailed;
import dev.exceptionledger.routing.Policies;
import dev.exceptionledger.routing.persistence.PolicyStore;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeEndpoints.class)
class RoutingStageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TestHTTPResource(value = "metrics", management = true) // under the management root, /q
    URL metricsUrl;

    @Inject
    PolicyStore store;
    @ConfigProperty(name = "routing.policy.refresh-every")
    Duration refreshEvery;

    private static KafkaCompanion companion;
    private static ConsumerTask<String, String> routed;
    private static ConsumerTask<String, String> handoffs;
    private static ConsumerTask<String, String> deadLetters;

    @BeforeAll
    static void readOutputs() {
        companion = new KafkaCompanion(KafkaBroker.bootstrapServers());
        // the topics may hold records of earlier runs: every test waits for its own
        routed = companion.consumeStrings().fromTopics(Topics.INTERACTIONS_ROUTED);
        handoffs = companion.consumeStrings().fromTopics(Topics.HANDOFFS_REQUESTED);
        deadLetters = companion.consumeStrings().fromTopics(Topics.DEAD_LETTERS);
    }

    @AfterAll
    static void stop() {
        routed.stop();
        handoffs.stop();
        deadLetters.stop();
        companion.close();
    }

    @Test
    void routesAnEscalationAndHandsItOffWithTheWholeClassification() {
        String[] routedTags = {"outcome", "ESCALATED", "team", "sales", "rule", "agent-blind-spot-value"};
        double routedBefore = metrics().value("exledger_interactions_routed_total", routedTags);
        EventEnvelope input = classified(UUID.randomUUID().toString(), Classifications.cfo());
        send(input.interactionId(), input.toJson());

        EventEnvelope routedEvent = awaitCausedBy(routed, input);
        assertEquals(InteractionRouted.TYPE, routedEvent.type());
        assertEquals(EventEnvelope.causedBy(input, InteractionRouted.TYPE, "any", null).eventId(),
                routedEvent.eventId());
        assertEquals(input.correlationId(), routedEvent.correlationId());
        assertTrue(routedEvent.producer().startsWith("routing-service@"), routedEvent.producer());
        InteractionRouted decision = routedEvent.payloadAs(InteractionRouted.class);
        assertEquals(RoutingOutcome.ESCALATED, decision.outcome());
        assertEquals("agent-blind-spot-value", decision.ruleId());
        assertEquals(Policies.SHIPPED_VERSION, decision.policyVersion());
        assertEquals("sales", decision.team());
        assertNotNull(decision.slaDeadline());

        EventEnvelope handoffEvent = awaitCausedBy(handoffs, input);
        assertEquals(HandoffRequested.TYPE, handoffEvent.type());
        HandoffRequested handoff = handoffEvent.payloadAs(HandoffRequested.class);
        assertEquals("sales", handoff.team());
        assertEquals("P1", handoff.priority());
        assertEquals(List.of("AGENT_BLIND_SPOT", "HIGH_VALUE"), handoff.reasonCodes());
        assertEquals(decision.explanation(), handoff.explanation());
        assertEquals(Classifications.cfo().valueSignals(), handoff.classification().valueSignals());
        assertEquals("CFO", handoff.classification().interaction().contact().title());
        // the packet: what a human reads first
        assertEquals(Classifications.cfo().interaction().text(), handoff.question());
        assertEquals("CFO", handoff.contact().title());
        assertEquals(800, handoff.contact().companySize());
        assertEquals("closed", handoff.agentDecision().action());
        assertEquals("PT1H", handoff.sla());
        assertEquals(List.of("AGENT_BLIND_SPOT", "HIGH_VALUE"), decision.reasonCodes());
        // counted just after the broker acknowledged the outputs, which the test may read first
        awaitIncrease("exledger_interactions_routed_total", routedBefore, routedTags);
    }

    @Test
    void decidesWithANewPolicyVersionAsSoonAsItIsActivatedWithoutRestart() {
        String version = "swap-" + UUID.randomUUID().toString().substring(0, 8);
        String swapped = Policies.shippedDefaultAs(version).replace("rules:\n", """
                rules:
                  - id: resets-to-identity
                    when: {intent: password_reset}
                    then: REROUTE
                    team: identity
                """);
        try {
            activate(swapped).then().statusCode(200);
            EventEnvelope input = classified(UUID.randomUUID().toString(), Classifications.routine().build());
            send(input.interactionId(), input.toJson());

            InteractionRouted decision = awaitCausedBy(routed, input).payloadAs(InteractionRouted.class);
            assertEquals(version, decision.policyVersion());
            assertEquals("resets-to-identity", decision.ruleId());
            assertEquals(RoutingOutcome.REROUTED, decision.outcome());
            assertEquals("identity", decision.team());
            assertEquals("support", decision.fromTeam());
            assertEquals(version, awaitCausedBy(handoffs, input).payloadAs(HandoffRequested.class).policyVersion());
        } finally {
            // activating the stored default again is the rollback
            activate(Policies.shippedDefaultDocument()).then().statusCode(200);
        }
        EventEnvelope after = classified(UUID.randomUUID().toString(), Classifications.routine().build());
        send(after.interactionId(), after.toJson());
        assertEquals(Policies.SHIPPED_VERSION,
                awaitCausedBy(routed, after).payloadAs(InteractionRouted.class).policyVersion());
    }

    @Test
    void decidesWithAVersionAnotherReplicaActivatedWithinTheRefreshInterval() {
        String version = "elsewhere-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(Policies.SHIPPED_VERSION, wouldDecideWith());
        try {
            // what another replica's PUT leaves behind: a new activation in the shared database, nothing in this JVM
            assertEquals(PolicyStore.Activation.NEW_VERSION,
                    store.activate(version, Policies.shippedDefaultAs(version), "routing-service (another replica)"));
            // the bound is one refresh interval; the slack covers one check's query on a loaded machine
            await().atMost(refreshEvery.plusSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(RoutingStageTest::wouldDecideWith, version::equals);

            EventEnvelope input = classified(UUID.randomUUID().toString(), Classifications.cfo());
            send(input.interactionId(), input.toJson());
            assertEquals(version, awaitCausedBy(routed, input).payloadAs(InteractionRouted.class).policyVersion());
        } finally {
            activate(Policies.shippedDefaultDocument()).then().statusCode(200);
        }
    }

    /** The version this instance's next decision would carry. */
    private static String wouldDecideWith() {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of("reviewer")))
                .contentType("application/json").body(Json.write(Classifications.cfo()))
                .when().post("/routing/decisions")
                .then().statusCode(200).extract().path("policyVersion");
    }

    @Test
    void deliversAHandoffToTheTeamsWebhookSignedRetryingUntilItAccepts() {
        double deliveredBefore = metrics().value("exledger_handoff_deliveries_total", "team", "hooks-flaky");
        EventEnvelope input = classified(UUID.randomUUID().toString(),
                Classifications.cfoCase().team("hooks-flaky").build());
        send(input.interactionId(), input.toJson());
        EventEnvelope handoff = awaitCausedBy(handoffs, input);

        // the fake webhook answers 503 twice, then accepts; every attempt carries a valid signature
        Map<String, Integer> log = await().atMost(TIMEOUT).until(() -> webhookLog(handoff),
                l -> l.get("delivered") == 1);
        assertEquals(3, log.get("attempts"));
        assertEquals(3, log.get("validSignatures"));
        assertTrue(causedBy(handoffs, handoff).isEmpty(), "no delivery failure for a delivered handoff");
        // the team learns that and why the handoff is theirs; the person's words stay where an erasure reaches them
        String delivered = webhookBody(handoff);
        assertTrue(delivered.contains("\"team\":\"hooks-flaky\"") && delivered.contains("\"BigCorp\""), delivered);
        for (String personal : List.of("Dana Smith", "dana@bigcorp.example", "our ERP", "title=CFO")) {
            assertFalse(delivered.contains(personal), personal + " delivered to a webhook: " + delivered);
        }
        assertTrue(delivered.contains(WebhookDelivery.WITHHELD), delivered);
        awaitIncrease("exledger_handoff_deliveries_total", deliveredBefore, "team", "hooks-flaky");
    }

    @Test
    void recordsAHandoffTheTeamsWebhookNeverAcceptedAsADeliveryFailure() {
        double failedBefore = metrics().value("exledger_handoff_delivery_failures_total", "team", "hooks-down");
        EventEnvelope input = classified(UUID.randomUUID().toString(),
                Classifications.cfoCase().team("hooks-down").build());
        send(input.interactionId(), input.toJson());
        EventEnvelope handoff = awaitCausedBy(handoffs, input);

        EventEnvelope failed = awaitCausedBy(handoffs, handoff);
        assertEquals(HandoffDeliveryFailed.TYPE, failed.type());
        HandoffDeliveryFailed failure = failed.payloadAs(HandoffDeliveryFailed.class);
        assertEquals("hooks-down", failure.team());
        assertEquals(handoff.eventId().toString(), failure.handoffEventId());
        assertEquals(3, failure.attempts());
        assertEquals("HTTP 503", failure.lastError());
        assertTrue(failure.endpoint().endsWith("/hooks/down"), "no query (it may hold credentials): "
                + failure.endpoint());
        assertEquals(3, webhookLog(handoff).get("attempts"));
        awaitIncrease("exledger_handoff_delivery_failures_total", failedBefore, "team", "hooks-down");
    }

    private Metrics metrics() {
        return Metrics.scrape(metricsUrl.toString());
    }

    private void awaitIncrease(String name, double before, String... tags) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Metrics scraped = metrics();
            assertTrue(scraped.value(name, tags) > before, name + " did not increase from " + before + ":\n"
                    + scraped.text().lines().filter(l -> l.contains("exledger_")).collect(Collectors.joining("\n")));
        });
    }

    /** Imported history is routed and handed off (to review's IMPORT queue) but is no news for a team's webhook. */
    @Test
    void handsOffAnImportedInteractionWithoutDeliveringItToTheTeamsWebhook() {
        EventEnvelope imported = classified(UUID.randomUUID().toString(),
                Classifications.cfoCase().team("hooks-flaky").imported("import-1").build());
        send(imported.interactionId(), imported.toJson());
        EventEnvelope importedHandoff = awaitCausedBy(handoffs, imported);
        assertEquals("import-1", importedHandoff.payloadAs(HandoffRequested.class).classification().interaction()
                .importId());
        // a live handoff to the same webhook after it: once that one is delivered, the imported one had its turn
        EventEnvelope live = classified(UUID.randomUUID().toString(),
                Classifications.cfoCase().team("hooks-flaky").build());
        send(live.interactionId(), live.toJson());
        EventEnvelope liveHandoff = awaitCausedBy(handoffs, live);
        await().atMost(TIMEOUT).until(() -> webhookLog(liveHandoff), l -> l.get("delivered") == 1);

        assertEquals(0, webhookLog(importedHandoff).get("attempts"));
    }

    private static String webhookBody(EventEnvelope handoff) {
        String url = ConfigProvider.getConfig().getValue("fake.endpoints.url", String.class);
        return RestAssured.get(url + "/hooks/body?eventId=" + handoff.eventId()).then().statusCode(200)
                .extract().asString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> webhookLog(EventEnvelope handoff) {
        String url = ConfigProvider.getConfig().getValue("fake.endpoints.url", String.class);
        return RestAssured.get(url + "/hooks/log?eventId=" + handoff.eventId()).then().statusCode(200)
                .extract().as(Map.class);
    }

    private static io.restassured.response.Response activate(String document) {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("admin", Set.of("policy-admin")))
                .contentType("text/yaml; charset=UTF-8").body(document)
                .when().put("/policy");
    }

    @Test
    void leavesARoutineInteractionToTheAgentWithoutAHandoff() {
        String interactionId = UUID.randomUUID().toString();
        EventEnvelope routine = classified(interactionId, Classifications.routine().build());
        // same key, same partition: once the escalation's handoff is out, the routine one was fully processed
        EventEnvelope sentinel = classified(interactionId, Classifications.cfo());
        send(interactionId, routine.toJson());
        send(interactionId, sentinel.toJson());

        InteractionRouted decision = awaitCausedBy(routed, routine).payloadAs(InteractionRouted.class);
        assertEquals(RoutingOutcome.AGENT_HANDLED, decision.outcome());
        assertEquals("agent-routine", decision.ruleId());
        assertEquals(Policies.SHIPPED_VERSION, decision.policyVersion());

        awaitCausedBy(handoffs, sentinel);
        assertTrue(causedBy(handoffs, routine).isEmpty(), "no handoff for an agent-handled interaction");
    }

    @Test
    void ignoresEventsOfOtherTypes() {
        String interactionId = UUID.randomUUID().toString();
        EventEnvelope received = EventEnvelope.first(InteractionReceived.TYPE, interactionId, "intake-service@test",
                Classifications.cfo().interaction());
        EventEnvelope sentinel = classified(interactionId, Classifications.cfo());
        send(interactionId, received.toJson());
        send(interactionId, sentinel.toJson());

        // same key, same partition: once the sentinel is routed, the received event was processed before it
        awaitCausedBy(routed, sentinel);
        assertTrue(causedBy(routed, received).isEmpty(), "nothing routed for an InteractionReceived");
    }

    @Test
    void emitsTheSameEventIdsWhenTheSameInputIsProcessedTwice() {
        EventEnvelope input = classified(UUID.randomUUID().toString(), Classifications.cfo());
        send(input.interactionId(), input.toJson());
        send(input.interactionId(), input.toJson());

        List<EventEnvelope> copies = await().atMost(TIMEOUT).until(() -> causedBy(routed, input), l -> l.size() == 2);
        assertEquals(copies.get(0).eventId(), copies.get(1).eventId());
        List<EventEnvelope> handoffCopies = await().atMost(TIMEOUT)
                .until(() -> causedBy(handoffs, input), l -> l.size() == 2);
        assertEquals(handoffCopies.get(0).eventId(), handoffCopies.get(1).eventId());
    }

    @Test
    void deadLettersGarbageInABatchAndRoutesTheRestOfTheBatch() {
        String interactionId = UUID.randomUUID().toString();
        String garbage = "not an envelope {" + interactionId;
        EventEnvelope before = classified(interactionId, Classifications.cfo());
        EventEnvelope after = classified(interactionId, Classifications.routine().build());
        // sent together, one key, one partition: consumed in one poll, garbage between two good records
        List<RecordMetadata> sent = companion.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.INTERACTIONS_CLASSIFIED, interactionId, before.toJson()),
                new ProducerRecord<>(Topics.INTERACTIONS_CLASSIFIED, interactionId, garbage),
                new ProducerRecord<>(Topics.INTERACTIONS_CLASSIFIED, interactionId, after.toJson()))
                .awaitCompletion().getRecords().stream().sorted(Comparator.comparingLong(RecordMetadata::offset))
                .toList();

        ConsumerRecord<String, String> dead = await().atMost(TIMEOUT).until(
                () -> deadLetters.getRecords().stream().filter(r -> garbage.equals(r.value())).findFirst(),
                Optional::isPresent).orElseThrow();
        assertEquals(interactionId, dead.key());
        // the headers SmallRye's dead-letter queue writes, and the consumer group: the ledger records where it was
        assertEquals(Topics.INTERACTIONS_CLASSIFIED, header(dead, "dead-letter-topic"));
        assertEquals(String.valueOf(sent.get(1).partition()), header(dead, "dead-letter-partition"));
        assertEquals(String.valueOf(sent.get(1).offset()), header(dead, "dead-letter-offset"));
        assertEquals("routing-service", header(dead, "dead-letter-consumer-group"));
        assertNotNull(header(dead, "dead-letter-reason"));

        assertEquals(RoutingOutcome.ESCALATED,
                awaitCausedBy(routed, before).payloadAs(InteractionRouted.class).outcome());
        awaitCausedBy(handoffs, before);
        assertEquals(RoutingOutcome.AGENT_HANDLED,
                awaitCausedBy(routed, after).payloadAs(InteractionRouted.class).outcome());
    }

    @Test
    void deadLettersAClassificationThePolicyCannotDecideOn() {
        String interactionId = UUID.randomUUID().toString();
        JsonNode noIntent = Json.tree(Classifications.routine().intent(null, 0.9).build());
        EventEnvelope invalid = EventEnvelope.first(InteractionClassified.TYPE, interactionId, "classifier@test",
                noIntent);
        send(interactionId, invalid.toJson());

        ConsumerRecord<String, String> dead = await().atMost(TIMEOUT).until(
                () -> deadLetters.getRecords().stream().filter(r -> invalid.toJson().equals(r.value())).findFirst(),
                Optional::isPresent).orElseThrow();
        String reason = header(dead, "dead-letter-reason");
        assertTrue(reason.contains("intent"), reason);
        assertTrue(causedBy(routed, invalid).isEmpty());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static EventEnvelope classified(String interactionId, InteractionClassified payload) {
        return EventEnvelope.first(InteractionClassified.TYPE, interactionId, "classifier-service@test", payload);
    }

    private static void send(String key, String value) {
        companion.produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.INTERACTIONS_CLASSIFIED, key, value))
                .awaitCompletion();
    }

    private static EventEnvelope awaitCausedBy(ConsumerTask<String, String> task, EventEnvelope cause) {
        return await().atMost(TIMEOUT).until(() -> causedBy(task, cause), list -> !list.isEmpty()).get(0);
    }

    private static List<EventEnvelope> causedBy(ConsumerTask<String, String> task, EventEnvelope cause) {
        return task.getRecords().stream()
                .filter(r -> cause.interactionId().equals(r.key()))
                .map(r -> Json.readEnvelope(r.value()))
                .filter(e -> cause.eventId().toString().equals(e.causationId()))
                .toList();
    }
}
