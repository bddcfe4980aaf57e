package dev.exceptionledger.routing.rest;

import dev.exceptionledger.routing.Policies;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.devstack.KafkaBroker;
import dev.exceptionledger.routing.FakeEndpoints;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeEndpoints.class)
class SuggestionResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static KafkaCompanion companion;

    @BeforeAll
    static void connect() {
        companion = new KafkaCompanion(KafkaBroker.bootstrapServers());
    }

    @AfterAll
    static void close() {
        companion.close();
    }

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of(role)));
    }

    @Test
    void suggestsLeavingAnIntentToTheAgentOnceReviewersJudgedEnoughOfItsEscalationsUnnecessary() {
        // an intent of its own: the topic may hold verdicts of earlier runs
        String intent = "faq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<ReviewRecorded> verdicts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            verdicts.add(verdict(Verdict.UNNECESSARY, intent, "the agent answers this " + i, null));
        }
        verdicts.add(verdict(Verdict.CONFIRMED, intent, "a real buyer", null));
        // a reviewer corrects one of the six: it no longer counts as unnecessary
        String corrected = verdicts.get(0).reviewId();
        verdicts.add(verdict(Verdict.CONFIRMED, intent, "on second thought, a buyer", corrected));
        verdicts.forEach(SuggestionResourceTest::publish);
        // a redelivered copy (same eventId) changes nothing
        publish(verdicts.get(1));

        JsonPath suggestion = await().atMost(TIMEOUT).until(() -> suggestionFor(intent),
                s -> s.isPresent() && s.get().getInt("reviewed") == 7).orElseThrow();

        assertEquals("key-account", suggestion.getString("ruleId"));
        assertEquals("learned-" + intent + "-before-key-account", suggestion.getString("learnedRuleId"));
        assertEquals(5, suggestion.getInt("unnecessary"));
        assertEquals(Map.of("UNNECESSARY", 5, "CONFIRMED", 2), suggestion.getMap("verdicts"));
        List<String> listed = suggestion.getList("listed.reviewId");
        assertEquals(5, listed.size());
        assertTrue(!listed.contains(corrected), "a corrected verdict is not evidence");
        assertTrue(suggestion.getList("listed.note").contains("the agent answers this 5"));
        String candidate = suggestion.getString("candidate");
        RoutingPolicy policy = RoutingPolicy.parse(candidate);
        assertEquals(suggestion.getString("version"), policy.version());
        assertTrue(policy.version().startsWith(Policies.SHIPPED_VERSION + "-suggested."), policy.version());
        assertTrue(policy.rules().stream().anyMatch(r -> r.id().equals("learned-" + intent + "-before-key-account")));
        // nothing was activated, and the admin can validate (and backtest, activate) the candidate as it is
        as("policy-admin").when().get("/policy").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.is(Policies.SHIPPED_VERSION));
        as("policy-admin").contentType("text/yaml; charset=UTF-8").body(candidate).when().post("/policy/validate")
                .then().statusCode(200);
    }

    @Test
    void erasesTheNotesOfAnErasedSubjectsVerdictsAndKeepsTheCounts() {
        String intent = "faq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String marker = "zq" + UUID.randomUUID().toString().substring(0, 8);
        List<ReviewRecorded> verdicts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            verdicts.add(verdict(Verdict.UNNECESSARY, intent, "Dana " + marker + " asked twice " + i, null));
        }
        verdicts.forEach(SuggestionResourceTest::publish);
        await().atMost(TIMEOUT).until(() -> suggestionFor(intent), s -> s.isPresent() && s.get().getInt("reviewed") == 5);

        String subject = SubjectErased.ledgerOf("c-" + marker);
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.SUBJECTS_ERASED, subject,
                EventEnvelope.first(SubjectErased.TYPE, subject, "ledger-service@test", new SubjectErased("c-" + marker,
                        "alice", Instant.now(), List.of("int-x"), verdicts.stream().map(ReviewRecorded::reviewId)
                        .toList(), 10L)).toJson())).awaitCompletion();

        JsonPath suggestion = await().atMost(TIMEOUT).until(() -> suggestionFor(intent).orElseThrow(),
                s -> !Json.write(s.get("")).contains(marker));
        assertEquals(5, suggestion.getInt("unnecessary"));
        assertEquals(List.of(PersonalFields.ERASED), suggestion.getList("listed.note").stream().distinct().toList());
    }

    @Test
    void deadLettersAnUnreadableVerdict() {
        ConsumerTask<String, String> deadLetters = companion.consumeStrings().fromTopics(Topics.DEAD_LETTERS);
        try {
            String key = UUID.randomUUID().toString();
            String garbage = "not a verdict {" + key;
            companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.REVIEWS_RECORDED, key, garbage))
                    .awaitCompletion();

            ConsumerRecord<String, String> dead = await().atMost(TIMEOUT).until(
                    () -> deadLetters.getRecords().stream().filter(r -> garbage.equals(r.value())).findFirst(),
                    Optional::isPresent).orElseThrow();
            assertEquals(Topics.REVIEWS_RECORDED, header(dead, "dead-letter-topic"));
            assertEquals("routing-service", header(dead, "dead-letter-consumer-group"));
        } finally {
            deadLetters.stop();
        }
    }

    @Test
    void isForPolicyAdminsOnly() {
        given().when().get("/policy/suggestions").then().statusCode(401);
        as("reviewer").when().get("/policy/suggestions").then().statusCode(403);
        as("policy-admin").when().get("/policy/suggestions").then().statusCode(200)
                .body("policyVersion", org.hamcrest.Matchers.is(Policies.SHIPPED_VERSION))
                .body("minUnnecessary", org.hamcrest.Matchers.is(5))
                .body("minShare", org.hamcrest.Matchers.is(0.5f));
    }

    private static Optional<JsonPath> suggestionFor(String intent) {
        JsonPath all = as("policy-admin").when().get("/policy/suggestions").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> suggestions = all.getList("suggestions");
        return suggestions.stream().filter(s -> intent.equals(s.get("intent")))
                .map(s -> new JsonPath(Json.write(s))).findFirst();
    }

    private static ReviewRecorded verdict(Verdict verdict, String intent, String note, String refersTo) {
        return new ReviewRecorded(UUID.randomUUID().toString(), verdict, "bob", note, "sales", null, null, null,
                refersTo, Instant.now(), "key-account", intent, Policies.SHIPPED_VERSION);
    }

    /** As review-service publishes it: eventId = reviewId, keyed by the interaction. */
    private static void publish(ReviewRecorded review) {
        String interactionId = "int-" + review.reviewId();
        EventEnvelope envelope = new EventEnvelope(UUID.fromString(review.reviewId()), ReviewRecorded.TYPE,
                EventEnvelope.SCHEMA_VERSION, interactionId, Instant.now(), "review-service@test", interactionId,
                UUID.randomUUID().toString(), Json.tree(review), null);
        companion.produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.REVIEWS_RECORDED, interactionId, envelope.toJson()))
                .awaitCompletion();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
