package dev.exceptionledger.classifier.messaging;

import dev.exceptionledger.classifier.ShippedTaxonomy;
import dev.exceptionledger.classifier.Interactions;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.ReasonCode;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.devstack.KafkaBroker;
import dev.exceptionledger.devstack.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class ClassificationStageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TestHTTPResource(value = "metrics", management = true) // under the management root, /q
    URL metrics;

    private static KafkaCompanion companion;
    private static ConsumerTask<String, String> classified;
    private static ConsumerTask<String, String> deadLetters;

    @BeforeAll
    static void readOutputs() {
        companion = new KafkaCompanion(KafkaBroker.bootstrapServers());
        // the topics may hold records of earlier runs and other services' tests: every test waits for its own
        classified = companion.consumeStrings().fromTopics(Topics.INTERACTIONS_CLASSIFIED);
        deadLetters = companion.consumeStrings().fromTopics(Topics.DEAD_LETTERS);
    }

    @AfterAll
    static void stop() {
        classified.stop();
        deadLetters.stop();
        companion.close();
    }

    @Test
    void classifiesAReceivedInteractionAndCarriesItAlong() {
        EventEnvelope input = received(UUID.randomUUID().toString(), Interactions.cfoAskingAboutErp());
        send(input.interactionId(), input.toJson());

        EventEnvelope output = awaitCausedBy(input);
        assertEquals(InteractionClassified.TYPE, output.type());
        assertEquals(input.interactionId(), output.interactionId());
        assertEquals(input.eventId().toString(), output.causationId());
        assertEquals(input.correlationId(), output.correlationId());
        assertEquals(EventEnvelope.causedBy(input, InteractionClassified.TYPE, "any", null).eventId(), output.eventId());
        assertTrue(output.producer().startsWith("classifier-service@"), output.producer());
        InteractionClassified result = output.payloadAs(InteractionClassified.class);
        assertEquals("integration_question", result.intent());
        assertEquals("e5-small-v2-q@1.11.0-beta19", result.modelVersion());
        assertEquals(ShippedTaxonomy.VERSION, result.taxonomyVersion());
        assertTrue(result.agentDisagrees());
        assertFalse(result.agentMayHandle());
        assertEquals(Interactions.cfoAskingAboutErp(), result.interaction());
        assertTrue(result.valueScore() > 0.8, "valueScore " + result.valueScore());
        // high value, and the agent closing something high-value, are the routing policy's judgement
        assertFalse(result.flags().contains(ReasonCode.HIGH_VALUE.name()), result.flags().toString());
        assertFalse(result.shadow().blindSpot());
    }

    @Test
    void countsClassificationsByIntentAndNoveltyAndTimesTheBatches() {
        Metrics before = Metrics.scrape(metrics.toString());
        EventEnvelope input = received(UUID.randomUUID().toString(), Interactions.cfoAskingAboutErp());
        send(input.interactionId(), input.toJson());
        InteractionClassified result = awaitCausedBy(input).payloadAs(InteractionClassified.class);

        String[] tags = {"intent", result.intent(), "novel", Boolean.toString(result.novel())};
        // counted just after the broker acknowledged the output, which the test may read first
        await().atMost(TIMEOUT).until(() -> Metrics.scrape(metrics.toString())
                .value("exledger_interactions_classified_total", tags)
                > before.value("exledger_interactions_classified_total", tags));
        Metrics after = Metrics.scrape(metrics.toString());
        assertTrue(after.value("exledger_classification_batch_seconds_count")
                > before.value("exledger_classification_batch_seconds_count"));
        assertTrue(after.value("exledger_classification_batch_seconds_sum")
                > before.value("exledger_classification_batch_seconds_sum"));
        assertTrue(after.value("exledger_classification_batch_seconds_bucket", "le", "+Inf") > 0,
                "the batch timer has buckets for the dashboard's quantiles");
    }

    @Test
    void emitsTheSameEventIdWhenTheSameInputIsProcessedTwice() {
        EventEnvelope input = received(UUID.randomUUID().toString(), Interactions.passwordReset());
        send(input.interactionId(), input.toJson());
        send(input.interactionId(), input.toJson());

        List<EventEnvelope> copies = await().atMost(TIMEOUT).until(() -> causedBy(input), l -> l.size() == 2);
        assertEquals(copies.get(0).eventId(), copies.get(1).eventId());
        assertEquals("account_access", copies.get(0).payloadAs(InteractionClassified.class).intent());
    }

    @Test
    void ignoresEventsOfOtherTypes() {
        String interactionId = UUID.randomUUID().toString();
        InteractionRejected rejection = new InteractionRejected("validation-failed", "text is required", List.of(),
                "web_form", null, 12, Instant.now());
        EventEnvelope other = EventEnvelope.first(InteractionRejected.TYPE, interactionId, "intake-service@test", rejection);
        EventEnvelope sentinel = received(interactionId, Interactions.passwordReset());
        send(interactionId, other.toJson());
        send(interactionId, sentinel.toJson());

        // same key, same partition: once the sentinel is classified, the other event was processed before it
        awaitCausedBy(sentinel);
        assertTrue(causedBy(other).isEmpty(), "nothing classified for an InteractionRejected");
        assertTrue(deadLetters.getRecords().stream().noneMatch(r -> interactionId.equals(r.key())),
                "an event of another type is not an error");
    }

    @Test
    void deadLettersUnparseableBytesAndKeepsConsuming() throws Exception {
        String interactionId = UUID.randomUUID().toString();
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        garbage.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '{'});
        garbage.write(interactionId.getBytes(StandardCharsets.UTF_8));
        EventEnvelope next = received(interactionId, Interactions.passwordReset());
        companion.produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, interactionId, garbage.toByteArray()))
                .awaitCompletion();
        send(interactionId, next.toJson());

        ConsumerRecord<String, String> dead = await().atMost(TIMEOUT).until(
                () -> deadLetters.getRecords().stream().filter(r -> interactionId.equals(r.key())).findFirst(),
                Optional::isPresent).orElseThrow();
        assertTrue(dead.value().endsWith("{" + interactionId), dead.value());
        assertEquals(Topics.INTERACTIONS_RECEIVED,
                new String(dead.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8));
        assertNotNull(dead.headers().lastHeader("dead-letter-reason"));

        assertEquals("account_access", awaitCausedBy(next).payloadAs(InteractionClassified.class).intent());
    }

    @Test
    void deadLettersTheUnreadableRecordsOfABatchAndClassifiesTheRest() {
        String interactionId = UUID.randomUUID().toString();
        EventEnvelope before = received(interactionId, Interactions.passwordReset());
        EventEnvelope nothingToScore = received(interactionId,
                new InteractionReceived("chat", " ", " ", null, null, null, null, null, null));
        EventEnvelope after = received(interactionId, Interactions.cfoAskingAboutErp());
        // one send, one key: the four records share a partition and a producer batch, so the stage polls them together
        companion.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, interactionId, before.toJson()),
                new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, interactionId, "{\"not\": an envelope"),
                new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, interactionId, nothingToScore.toJson()),
                new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, interactionId, after.toJson())).awaitCompletion();

        assertEquals("account_access", awaitCausedBy(before).payloadAs(InteractionClassified.class).intent());
        assertEquals("integration_question", awaitCausedBy(after).payloadAs(InteractionClassified.class).intent());
        List<ConsumerRecord<String, String>> dead = await().atMost(TIMEOUT).until(
                () -> deadLetters.getRecords().stream().filter(r -> interactionId.equals(r.key())).toList(),
                l -> l.size() == 2);
        assertEquals("{\"not\": an envelope", dead.get(0).value());
        assertEquals(nothingToScore.toJson(), dead.get(1).value());
        assertTrue(header(dead.get(1), "dead-letter-reason").startsWith("nothing to classify"),
                header(dead.get(1), "dead-letter-reason"));
        for (ConsumerRecord<String, String> record : dead) {
            assertFalse(header(record, "dead-letter-reason").isBlank());
            assertEquals(Topics.INTERACTIONS_RECEIVED, header(record, "dead-letter-topic"));
            assertEquals("classifier-service", header(record, "dead-letter-consumer-group"));
        }
        // the garbage's address is the one the ledger records: it precedes the other dead letter by one offset
        int partition = Integer.parseInt(header(dead.get(0), "dead-letter-partition"));
        long offset = Long.parseLong(header(dead.get(0), "dead-letter-offset"));
        assertEquals(partition, Integer.parseInt(header(dead.get(1), "dead-letter-partition")));
        assertEquals(offset + 1, Long.parseLong(header(dead.get(1), "dead-letter-offset")));
        assertTrue(causedBy(nothingToScore).isEmpty(), "nothing classified for an interaction without text");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static EventEnvelope received(String interactionId, InteractionReceived interaction) {
        return EventEnvelope.first(InteractionReceived.TYPE, interactionId, "intake-service@test", interaction);
    }

    private static void send(String key, String value) {
        companion.produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.INTERACTIONS_RECEIVED, key, value))
                .awaitCompletion();
    }

    private static EventEnvelope awaitCausedBy(EventEnvelope cause) {
        return await().atMost(TIMEOUT).until(() -> causedBy(cause), list -> !list.isEmpty()).get(0);
    }

    private static List<EventEnvelope> causedBy(EventEnvelope cause) {
        return classified.getRecords().stream()
                .filter(r -> cause.interactionId().equals(r.key()))
                .map(r -> Json.readEnvelope(r.value()))
                .filter(e -> cause.eventId().toString().equals(e.causationId()))
                .toList();
    }
}
