package dev.exceptionledger.review;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.KafkaBroker;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the service tests share: tokens, the real broker, and waiting for the queue. */
public final class ReviewStack {
    private ReviewStack() { }

    public static final Duration ASYNC = Duration.ofSeconds(60);
    private static KafkaCompanion companion;

    public static synchronized KafkaCompanion kafka() {
        if (companion == null) {
            companion = new KafkaCompanion(KafkaBroker.bootstrapServers());
        }
        return companion;
    }

    public static String reviewer() {
        return OidcWiremockTestResource.getAccessToken("alice", Set.of("reviewer"));
    }

    public static String otherReviewer() {
        return OidcWiremockTestResource.getAccessToken("bob", Set.of("reviewer"));
    }

    public static String intake() {
        return OidcWiremockTestResource.getAccessToken("crm", Set.of("intake"));
    }

    public static String compliance() {
        return OidcWiremockTestResource.getAccessToken("carol", Set.of("compliance"));
    }

    /** The envelopes among a topic's records, skipping what is not one (other suites' garbage on shared topics). */
    public static Stream<EventEnvelope> envelopes(ConsumerTask<String, String> task) {
        return task.getRecords().stream().flatMap(r -> {
            try {
                return Stream.of(Json.readEnvelope(r.value()));
            } catch (IllegalArgumentException e) {
                return Stream.empty();
            }
        });
    }

    public static void send(EventEnvelope envelope) {
        kafka().produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.HANDOFFS_REQUESTED, envelope.interactionId(), envelope.toJson()))
                .awaitCompletion();
    }

    /** The team's queue (open or decided), as soon as it holds {@code count} items. */
    public static List<Map<String, Object>> awaitQueue(String team, String status, int count) {
        return await().atMost(ASYNC).until(() -> queue(team, status).getList("items"), items -> items.size() >= count);
    }

    public static JsonPath queue(String team, String status) {
        return given().auth().oauth2(reviewer())
                .queryParam("team", team).queryParam("status", status).queryParam("size", 200)
                .get("/reviews").then().statusCode(200).extract().jsonPath();
    }

    /** Queues a fresh handoff for a team of its own and returns the item's id. */
    public static String queuedItem(String team) {
        send(Handoffs.envelope(team));
        return (String) awaitQueue(team, "open", 1).get(0).get("id");
    }
}
