package dev.exceptionledger.review;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.review.persistence.RoutedInteraction;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.exceptionledger.review.ReviewStack.ASYNC;
import static dev.exceptionledger.review.ReviewStack.compliance;
import static dev.exceptionledger.review.ReviewStack.intake;
import static dev.exceptionledger.review.ReviewStack.kafka;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The ledger's erasure reaches review's copies: items, notes, the audit's classifications, outcomes, the report. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class ErasureTest {

    @Test
    void dropsTheErasedSubjectsPersonalValuesAndKeepsTheFacts() {
        String marker = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String interactionId = "int-" + UUID.randomUUID();
        String intent = "erasure-" + UUID.randomUUID().toString().substring(0, 8);
        String team = Handoffs.randomTeam();
        Instant from = Instant.now().minusSeconds(1);
        InteractionReceived interaction = new InteractionReceived("email", "SAP " + marker, "Does it fit SAP? " + marker,
                new Contact("Dana " + marker, marker + "@example.com", "CFO " + marker, "Northwind", 800),
                List.of(new ConversationTurn("customer", "I am Dana " + marker, null)),
                new AgentDecision("faq", 0.6, "closed"), "ext-" + UUID.randomUUID(), null, Instant.now());
        InteractionClassified classification = new InteractionClassified(intent, 0.4, 0.8, true, 0.9,
                List.of(new ValueSignal("SENIOR_ROLE", "title=CFO " + marker, 0.4)), false, "sales", true,
                List.of("title 'CFO " + marker + "' is C-level"), List.of(), "m@1", "t@1", interaction);
        EventEnvelope classified = EventEnvelope.first(InteractionClassified.TYPE, interactionId,
                "classifier-service@test", classification);
        EventEnvelope routed = EventEnvelope.causedBy(classified, InteractionRouted.TYPE, "routing-service@test",
                new InteractionRouted(RoutingOutcome.ESCALATED, team, null, "P1", null, "HIGH_VALUE", "r-1", "p@1",
                        "high value (title=CFO " + marker + ")", List.of("HIGH_VALUE")));
        EventEnvelope handoff = EventEnvelope.causedBy(routed, HandoffRequested.TYPE, "routing-service@test",
                new HandoffRequested(team, "P1", Instant.now().plus(Duration.ofHours(1)), List.of("HIGH_VALUE"), "r-1",
                        "p@1", "high value (title=CFO " + marker + ")", classification,
                        "SAP " + marker + "\nDoes it fit SAP? " + marker, interaction.contact(),
                        interaction.agentDecision(), "PT1H"));
        kafka().produceStrings().fromRecords(
                new ProducerRecord<>(Topics.INTERACTIONS_CLASSIFIED, interactionId, classified.toJson()),
                new ProducerRecord<>(Topics.INTERACTIONS_ROUTED, interactionId, routed.toJson()),
                new ProducerRecord<>(Topics.HANDOFFS_REQUESTED, interactionId, handoff.toJson())).awaitCompletion();
        Interactions.awaitKnown(interactionId);
        String item = (String) ReviewStack.awaitQueue(team, "open", 1).get(0).get("id");
        given().auth().oauth2(reviewer()).contentType("application/json")
                .body(Map.of("verdict", "MISSED_OPPORTUNITY", "note", "CFO " + marker + " wants SAP",
                        "estimatedValue", 1000))
                .post("/reviews/{id}/verdict", item).then().statusCode(201);
        given().auth().oauth2(intake()).contentType("application/json")
                .body(Map.of("interactionId", interactionId, "outcome", "WON", "value", 5000, "note", "Dana " + marker))
                .post("/outcomes").then().statusCode(202);
        assertThat(everything(item, team, from), containsString(marker));
        JsonPath before = blindSpots(from);
        given().auth().oauth2(reviewer()).queryParam("contactEmail", marker + "@example.com").queryParam("status", "all")
                .get("/reviews").then().statusCode(200).body("total", is(1));

        kafka().produceStrings().fromRecords(new ProducerRecord<>(Topics.SUBJECTS_ERASED,
                SubjectErased.ledgerOf("c"), EventEnvelope.first(SubjectErased.TYPE, SubjectErased.ledgerOf("c"),
                        "ledger-service@test", new SubjectErased("c", "alice", Instant.now(),
                                List.of(interactionId), List.of(), 4L)).toJson())).awaitCompletion();

        await().atMost(ASYNC).untilAsserted(() -> assertThat(everything(item, team, from), not(containsString(marker))));
        given().auth().oauth2(reviewer()).get("/reviews/{id}", item).then().statusCode(200)
                .body("packet.contact.name", is(PersonalFields.ERASED))
                .body("packet.contact.company", is("Northwind"))
                .body("packet.classification.interaction.text", is(PersonalFields.ERASED))
                .body("packet.classification.valueSignals[0].name", is("SENIOR_ROLE"))
                .body("intent", is(intent))
                .body("verdict.verdict", is("MISSED_OPPORTUNITY"))
                .body("verdict.note", is(PersonalFields.ERASED));
        // nor is the erased subject found by email any more
        given().auth().oauth2(reviewer()).queryParam("contactEmail", marker + "@example.com").queryParam("status", "all")
                .get("/reviews").then().statusCode(200).body("total", is(0));
        JsonPath after = blindSpots(from);
        String cluster = "clusters.find { it.dimension == 'intent' && it.value == '" + intent + "' }";
        assertThat(after.getInt(cluster + ".reviewed"), is(before.getInt(cluster + ".reviewed")));
        assertThat(after.getFloat(cluster + ".wonValue"), is(before.getFloat(cluster + ".wonValue")));
        assertThat(after.getList(cluster + ".examples.preview"),
                everyItem(is(PersonalFields.ERASED + " — " + PersonalFields.ERASED)));
        String classificationCopy = QuarkusTransaction.requiringNew().call(() -> (String) RoutedInteraction
                .getEntityManager().createNativeQuery("SELECT CAST(classification AS text) FROM routed_interaction "
                        + "WHERE interaction_id = :id").setParameter("id", interactionId).getSingleResult());
        assertThat(classificationCopy, not(containsString(marker)));
        assertThat(classificationCopy, containsString(intent));
    }

    /** Every answer of the API that may show the item. */
    private static String everything(String item, String team, Instant from) {
        return given().auth().oauth2(reviewer()).get("/reviews/{id}", item).then().statusCode(200).extract().asString()
                + ReviewStack.queue(team, "decided").prettify()
                + blindSpots(from).prettify()
                + given().auth().oauth2(compliance()).queryParam("from", from.toString()).queryParam("format", "csv")
                .get("/reviews/blind-spots").then().statusCode(200).extract().asString();
    }

    private static JsonPath blindSpots(Instant from) {
        return given().auth().oauth2(compliance()).queryParam("from", from.toString()).get("/reviews/blind-spots")
                .then().statusCode(200).extract().jsonPath();
    }
}
