package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.intake.support.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class InboundConsumerTest {

    private static final TopicReader RECEIVED = TopicReader.of(Topics.INTERACTIONS_RECEIVED);
    private static final TopicReader REJECTED = TopicReader.of(Topics.INTERACTIONS_REJECTED);

    private static void send(byte[] value, String idempotencyKey) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INTERACTIONS_INBOUND, value);
        if (idempotencyKey != null) {
            record.headers().add(InboundConsumer.IDEMPOTENCY_KEY_HEADER, idempotencyKey.getBytes(StandardCharsets.UTF_8));
        }
        TopicReader.companion().<String, byte[]>produceWithSerializers(StringSerializer.class, ByteArraySerializer.class)
                .fromRecords(record).awaitCompletion(Duration.ofSeconds(30));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publishesAValidInboundRecordAsReceived() {
        String externalId = "chat-" + UUID.randomUUID();
        String key = "inbound-" + UUID.randomUUID();
        send(utf8("{\"channel\":\"chat\",\"text\":\"Can I add seats?\",\"externalId\":\"" + externalId + "\"}"), key);
        EventEnvelope envelope = RECEIVED.awaitEnvelopeWithPayload(e -> InteractionReceived.TYPE.equals(e.type())
                && externalId.equals(e.payload().path("externalId").asText()));
        InteractionReceived payload = envelope.payloadAs(InteractionReceived.class);
        assertEquals("Can I add seats?", payload.text());
        assertEquals(key, payload.idempotencyKey());
        assertTrue(envelope.producer().startsWith("intake-service@"));
    }

    @Test
    void keysARecordWithoutIdempotencyKeyByItsPositionSoARedeliveryIsReceivedOnce() {
        String externalId = "chat-" + UUID.randomUUID();
        send(utf8("{\"channel\":\"chat\",\"text\":\"Can I add seats?\",\"externalId\":\"" + externalId + "\"}"), null);
        InteractionReceived payload = RECEIVED.awaitEnvelopeWithPayload(e -> InteractionReceived.TYPE.equals(e.type())
                && externalId.equals(e.payload().path("externalId").asText())).payloadAs(InteractionReceived.class);
        assertTrue(payload.idempotencyKey().matches("kafka:interactions\\.inbound/\\d+/\\d+@\\d+"),
                payload.idempotencyKey());
    }

    @Test
    void publishesAnInvalidInboundRecordAsRejected() {
        String externalId = "chat-" + UUID.randomUUID();
        send(utf8("{\"channel\":\"chat\",\"externalId\":\"" + externalId + "\",\"extra\":1}"), null);
        InteractionRejected rejected = REJECTED.awaitEnvelopeWithPayload(e -> InteractionRejected.TYPE.equals(e.type())
                && externalId.equals(e.payload().path("externalId").asText())).payloadAs(InteractionRejected.class);
        assertEquals("validation-failed", rejected.reason());
        assertEquals(List.of("extra", "text"), rejected.violations().stream().map(Violation::field).toList());
        assertEquals("chat", rejected.channel());
    }

    @Test
    void rejectsAnUnparseableInboundRecordInsteadOfDeadLetteringIt() {
        Instant sent = Instant.now();
        // a length no other test uses identifies our record among the rejections
        int length = ThreadLocalRandom.current().nextInt(10_000, 200_000);
        byte[] garbage = new byte[length];
        Arrays.fill(garbage, (byte) 0xFE);
        send(garbage, null);
        InteractionRejected rejected = REJECTED.awaitEnvelopeWithPayload(e -> InteractionRejected.TYPE.equals(e.type())
                && e.payload().path("bodyBytes").asLong() == length && !e.occurredAt().isBefore(sent))
                .payloadAs(InteractionRejected.class);
        assertEquals("invalid-json", rejected.reason());
    }
}
