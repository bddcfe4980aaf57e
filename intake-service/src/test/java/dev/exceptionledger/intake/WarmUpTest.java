package dev.exceptionledger.intake;

import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.devstack.KafkaBroker;
import dev.exceptionledger.support.WarmUpSamples;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness waits for the warm-up (service-support's WarmUpReadiness, which its own test shows DOWN while the
 * warm-up runs), and intake's warm-up publishes nothing: no record of the warm-up's ids reaches intake's topics.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class WarmUpTest {

    private static final String CHECK = "checks.find { it.name == 'warm-up' }";

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @Test
    void readinessReportsTheWarmUpDone() {
        given().get(ready).then().statusCode(200)
                .body(CHECK + ".status", is("UP"))
                .body(CHECK + ".data.rounds", greaterThan(0))
                .body(CHECK + ".data", not(hasKey("failure")));
    }

    @Test
    void theWarmUpPublishedNothing() {
        // a real interaction, so that reading the topics is shown to find what was published
        String published = given().auth().oauth2(OidcWiremockTestResource.getAccessToken("platform", Set.of("intake")))
                .contentType("application/json").body("{\"channel\": \"chat\", \"text\": \"Do you offer SSO?\"}")
                .post("/interactions").then().statusCode(202).extract().header("X-Interaction-Id");

        List<String> keys = keysOf(Topics.INTERACTIONS_RECEIVED, Topics.INTERACTIONS_REJECTED);

        assertTrue(keys.contains(published), "the real interaction is read back");
        assertEquals(List.of(), keys.stream().filter(k -> k != null && k.startsWith(WarmUpSamples.ID_PREFIX)).toList());
    }

    /** Every record key the topics hold, from their beginning to their end at the time of the call. */
    private static List<String> keysOf(String... topics) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "read the topics to their end within 60 s");
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(record.key());
                }
            }
        }
        return keys;
    }
}
