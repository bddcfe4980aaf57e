package dev.exceptionledger.ledger;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.devstack.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static dev.exceptionledger.ledger.Journeys.PATIENCE;
import static dev.exceptionledger.ledger.Journeys.PUBLISHED;
import static dev.exceptionledger.ledger.Journeys.awaitTimeline;
import static dev.exceptionledger.ledger.Journeys.envelope;
import static dev.exceptionledger.ledger.Journeys.newInteractionId;
import static dev.exceptionledger.ledger.Journeys.publish;
import static dev.exceptionledger.ledger.Journeys.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger's metrics on the management port: appended events, dead letters, verifications, lag, stalls. */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class LedgerMetricsTest {

    private static KafkaCompanion kafka;

    @TestHTTPResource(value = "metrics", management = true) // under the management root, /q
    URL metricsUrl;

    @BeforeAll
    static void connect() {
        kafka = Journeys.companion();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void countsAppendedEventsByTypeAndDeadLettersByTopicAndConsumer() {
        double receivedBefore = metrics().value("exledger_ledger_events_appended_total",
                "type", InteractionReceived.TYPE);
        String[] deadLetterTags = {"topic", Topics.INTERACTIONS_CLASSIFIED, "consumer", "routing-service"};
        double deadBefore = metrics().value("exledger_dead_letters_total", deadLetterTags);

        String id = newInteractionId();
        publish(kafka, Topics.INTERACTIONS_RECEIVED, envelope(InteractionReceived.TYPE, id, Instant.now(), null,
                Map.of("channel", "web", "text", "Does it integrate with our ERP?")));
        awaitTimeline(id, PUBLISHED, 1);
        String lost = newInteractionId();
        kafka.produceStrings().fromRecords(deadLetter(lost)).awaitCompletion();
        awaitTimeline(lost, "it.type == '" + MessageDeadLettered.TYPE + "'", 1);

        // counted when the append commits, just before or after the timeline shows it
        await().atMost(PATIENCE).untilAsserted(() -> {
            Metrics now = metrics();
            assertTrue(now.value("exledger_ledger_events_appended_total", "type", InteractionReceived.TYPE)
                    >= receivedBefore + 1);
            assertTrue(now.value("exledger_dead_letters_total", deadLetterTags) >= deadBefore + 1);
            assertTrue(now.value("exledger_ledger_events_appended_total", "type", MessageDeadLettered.TYPE) >= 1);
        });
    }

    @Test
    void countsVerificationsByResultAndKeepsTheLastOne() {
        boolean intact = given().auth().oauth2(token("compliance")).get("/ledger/verify").then().statusCode(200)
                .extract().path("intact");
        String result = intact ? "intact" : "broken";
        double before = metrics().value("exledger_ledger_verifications_total", "result", result);
        given().auth().oauth2(token("compliance")).get("/ledger/verify").then().statusCode(200);

        Metrics after = metrics();
        assertEquals(before + 1, after.value("exledger_ledger_verifications_total", "result", result));
        assertEquals(intact ? 1 : 0, after.value("exledger_ledger_chain_intact"));
    }

    @Test
    void reportsTheLagBehindEachTopicAndTheStalledInteractions() {
        String id = newInteractionId();
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, Instant.now(), null,
                Map.of("channel", "web", "text", "x"));
        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
        awaitTimeline(id, PUBLISHED, 1);

        // the group has committed interactions.received; the lag is read from the broker every second in tests
        await().atMost(PATIENCE).untilAsserted(() -> {
            Metrics now = metrics();
            assertTrue(now.text().contains("exledger_ledger_lag_records{topic=\"" + Topics.INTERACTIONS_RECEIVED
                    + "\"}"), "lag of interactions.received");
            assertTrue(now.has("exledger_interactions_stalled"), "stalled interactions");
        });
        assertTrue(metrics().value("exledger_ledger_lag_records", "topic", Topics.INTERACTIONS_RECEIVED) >= 0);
    }

    private Metrics metrics() {
        return Metrics.scrape(metricsUrl.toString());
    }

    private static ProducerRecord<String, String> deadLetter(String key) {
        RecordHeaders headers = new RecordHeaders();
        Map.of("dead-letter-reason", "routing failed", "dead-letter-topic", Topics.INTERACTIONS_CLASSIFIED,
                        "dead-letter-partition", "1", "dead-letter-offset", "7",
                        "dead-letter-consumer-group", "routing-service")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(Topics.DEAD_LETTERS, null, key, "{\"eventId\":", headers);
    }
}
