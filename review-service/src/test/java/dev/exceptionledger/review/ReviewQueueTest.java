package dev.exceptionledger.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.exceptionledger.review.ReviewStack.ASYNC;
import static dev.exceptionledger.review.ReviewStack.awaitQueue;
import static dev.exceptionledger.review.ReviewStack.kafka;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static dev.exceptionledger.review.ReviewStack.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class ReviewQueueTest {

    @Test
    void queuesAHandoffWithTheContextAReviewerNeeds() {
        String team = Handoffs.randomTeam();
        EventEnvelope envelope = Handoffs.envelope(team);
        send(envelope);

        Map<String, Object> item = awaitQueue(team, "open", 1).get(0);
        assertThat(item, allOf(hasEntry("interactionId", (Object) envelope.interactionId()),
                hasEntry("team", (Object) team),
                hasEntry("priority", (Object) "P1"),
                hasEntry("intent", (Object) "integration-question"),
                hasEntry("confidence", (Object) 0.41f),
                hasEntry("status", (Object) "OPEN"),
                hasEntry("reasonCodes", (Object) List.of("NOVEL", "HIGH_VALUE", "AGENT_BLIND_SPOT"))));
        assertThat(item.get("preview"), is("ERP integration — " + Handoffs.ERP_QUESTION));

        given().auth().oauth2(reviewer()).get("/reviews/{id}", item.get("id")).then().statusCode(200)
                .body("handoffEventId", is(envelope.eventId().toString()))
                .body("ruleId", is("escalate-novel-high-value"))
                .body("policyVersion", is("policy@7"))
                .body("verdict", nullValue())
                .body("packet.classification.interaction.text", is(Handoffs.ERP_QUESTION))
                .body("packet.classification.interaction.contact.title", is("CFO"))
                .body("packet.classification.interaction.turns.role", contains("customer", "agent"))
                .body("packet.classification.interaction.agentDecision.action", is("closed"))
                .body("packet.classification.nearest[0].text", startsWith("Do you integrate"));
    }

    @Test
    void queuesTheSameHandoffOnceWhetherRedeliveredOrReEmitted() {
        String team = Handoffs.randomTeam();
        EventEnvelope original = Handoffs.envelope(team);
        send(original);
        send(original);
        // routing processing its input again: a new eventId for the same interaction, team and rule
        send(Handoffs.envelope(original.interactionId(), original.payloadAs(
                HandoffRequested.class)));
        // same key, same partition: once this one is queued, the copies before it were consumed
        EventEnvelope sentinel = Handoffs.envelope(original.interactionId(),
                Handoffs.handoff(team, "another-rule", Instant.now().plus(Duration.ofHours(8))));
        send(sentinel);

        List<Map<String, Object>> items = awaitQueue(team, "open", 2);
        assertThat(items, everyItem(hasEntry("interactionId", (Object) original.interactionId())));
        assertThat(ReviewStack.queue(team, "open").getLong("total"), is(2L));
    }

    @Test
    void ignoresEventsOtherThanHandoffs() {
        String team = Handoffs.randomTeam();
        EventEnvelope handoff = Handoffs.envelope(team);
        EventEnvelope routed = EventEnvelope.first(InteractionRouted.TYPE, handoff.interactionId(), "routing@test",
                new InteractionRouted(RoutingOutcome.ESCALATED, team, null, "P1", Instant.now(), "NOVEL", "r1",
                        "policy@7", "escalated"));
        send(routed);
        send(handoff);

        List<Map<String, Object>> items = awaitQueue(team, "open", 1);
        assertThat(items, hasSize(1));
        assertThat(ReviewStack.queue(team, "open").getLong("total"), is(1L));
    }

    @Test
    void deadLettersUnreadableRecordsAndKeepsConsuming() {
        String key = "garbage-" + UUID.randomUUID();
        byte[] garbage = {(byte) 0xC3, 0x28, '{', 'n', 'o', 't', (byte) 0xFF, 'j', 's', 'o', 'n'};
        ConsumerTask<String, String> deadLetters = kafka().consumeStrings().fromTopics(Topics.DEAD_LETTERS);
        try {
            kafka().produce(String.class, byte[].class)
                    .fromRecords(new ProducerRecord<>(Topics.HANDOFFS_REQUESTED, key, garbage)).awaitCompletion();

            ConsumerRecord<String, String> dead = await().atMost(ASYNC).until(
                    () -> deadLetters.getRecords().stream().filter(r -> key.equals(r.key())).findFirst(),
                    Optional::isPresent).get();
            assertThat(header(dead, "dead-letter-topic"), is(Topics.HANDOFFS_REQUESTED));
            assertThat(header(dead, "dead-letter-reason"), containsString("EventEnvelope"));
        } finally {
            deadLetters.stop();
        }

        // a handoff after the garbage, on the same partition, is still queued
        String team = Handoffs.randomTeam();
        EventEnvelope next = Handoffs.envelope(key, Handoffs.handoff(team, "r1", Instant.now().plusSeconds(60)));
        send(next);
        assertThat(awaitQueue(team, "open", 1).get(0), hasEntry("interactionId", (Object) key));
    }

    @Test
    void listsTheNearestDeadlineFirstAndPages() {
        String team = Handoffs.randomTeam();
        Instant now = Instant.now();
        EventEnvelope late = Handoffs.envelope("late-" + UUID.randomUUID(), Handoffs.handoff(team, "r", now.plusSeconds(3000)));
        EventEnvelope soon = Handoffs.envelope("soon-" + UUID.randomUUID(), Handoffs.handoff(team, "r", now.plusSeconds(60)));
        EventEnvelope middle = Handoffs.envelope("middle-" + UUID.randomUUID(), Handoffs.handoff(team, "r", now.plusSeconds(600)));
        send(late);
        send(soon);
        send(middle);
        awaitQueue(team, "open", 3);

        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("size", 2)
                .get("/reviews").then().statusCode(200)
                .body("items.interactionId", contains(soon.interactionId(), middle.interactionId()))
                .body("page", is(0)).body("size", is(2)).body("total", is(3));
        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("size", 2).queryParam("page", 1)
                .get("/reviews").then().statusCode(200)
                .body("items.interactionId", contains(late.interactionId()));
        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("status", "decided")
                .get("/reviews").then().statusCode(200).body("total", is(0));
    }

    @Test
    void filtersByIntentPriorityReasonCodeAndSource() {
        String team = Handoffs.randomTeam();
        String intent = "intent-" + UUID.randomUUID();
        EventEnvelope matching = Handoffs.envelope("m-" + UUID.randomUUID(),
                Handoffs.handoff(team, "r", Instant.now().plusSeconds(600), intent));
        EventEnvelope other = Handoffs.envelope(team);
        send(matching);
        send(other);
        awaitQueue(team, "open", 2);

        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("intent", intent)
                .get("/reviews").then().statusCode(200)
                .body("items.interactionId", contains(matching.interactionId())).body("total", is(1));
        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("priority", "P1")
                .queryParam("reasonCode", "HIGH_VALUE").queryParam("source", "handoff")
                .get("/reviews").then().statusCode(200).body("total", is(2));
        // a whole code, not a part of one
        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("reasonCode", "HIGH")
                .get("/reviews").then().statusCode(200).body("total", is(0));
        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("source", "audit")
                .get("/reviews").then().statusCode(200).body("total", is(0));
        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("priority", "P4")
                .get("/reviews").then().statusCode(200).body("total", is(0));
    }

    @Test
    void findsOneCustomersItemsByExternalIdInteractionIdOrContactEmail() {
        String team = Handoffs.randomTeam();
        String externalId = "crm-" + UUID.randomUUID();
        String email = "Dana." + UUID.randomUUID() + "@Northwind.example";
        EventEnvelope hers = Handoffs.envelope("hers-" + UUID.randomUUID(),
                Handoffs.handoff(team, "r", Instant.now().plusSeconds(600)));
        ObjectNode interaction = (ObjectNode) hers.payload().path("classification").path("interaction");
        interaction.put("externalId", externalId);
        ((ObjectNode) interaction.path("contact")).put("email", email);
        EventEnvelope other = Handoffs.envelope(team);
        send(hers);
        send(other);
        awaitQueue(team, "open", 2);

        given().auth().oauth2(reviewer()).queryParam("externalId", externalId)
                .get("/reviews").then().statusCode(200)
                .body("items.interactionId", contains(hers.interactionId()))
                .body("items[0].externalId", is(externalId)).body("total", is(1));
        // matched as the ledger hashes an email: trimmed, any case
        given().auth().oauth2(reviewer()).queryParam("contactEmail", "  " + email.toLowerCase(Locale.ROOT) + " ")
                .get("/reviews").then().statusCode(200)
                .body("items.interactionId", contains(hers.interactionId())).body("total", is(1));
        given().auth().oauth2(reviewer()).queryParam("interactionId", other.interactionId())
                .get("/reviews").then().statusCode(200)
                .body("items.interactionId", contains(other.interactionId())).body("total", is(1));
        given().auth().oauth2(reviewer()).queryParam("externalId", externalId).queryParam("status", "decided")
                .get("/reviews").then().statusCode(200).body("total", is(0));
        given().auth().oauth2(reviewer()).queryParam("externalId", externalId).queryParam("status", "all")
                .get("/reviews").then().statusCode(200).body("total", is(1));
        given().auth().oauth2(reviewer()).queryParam("contactEmail", "nobody-" + UUID.randomUUID() + "@example.com")
                .get("/reviews").then().statusCode(200).body("total", is(0));
    }

    @Test
    void queuesImportedHistoryInAQueueOfItsOwn() {
        String team = Handoffs.randomTeam();
        EventEnvelope imported = Handoffs.envelope("imp-" + UUID.randomUUID(),
                Handoffs.importedHandoff(team, "import-" + UUID.randomUUID()));
        EventEnvelope live = Handoffs.envelope(team);
        send(imported);
        send(live);
        awaitQueue(team, "open", 2);

        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("source", "import")
                .get("/reviews").then().statusCode(200)
                .body("items.interactionId", contains(imported.interactionId())).body("total", is(1));
        given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("source", "handoff")
                .get("/reviews").then().statusCode(200)
                .body("items.interactionId", contains(live.interactionId())).body("total", is(1));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
