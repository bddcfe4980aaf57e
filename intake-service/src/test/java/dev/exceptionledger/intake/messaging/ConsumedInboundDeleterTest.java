package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.devstack.KafkaBroker;
import dev.exceptionledger.intake.support.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The platform's clear copies on interactions.inbound leave the topic once intake recorded them, and only then. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class ConsumedInboundDeleterTest {

    private static final TopicReader RECEIVED = TopicReader.of(Topics.INTERACTIONS_RECEIVED);

    @Inject
    ConsumedInboundDeleter deleter;

    @Inject
    MeterRegistry metrics;

    @Test
    void aRecordIntakeRecordedIsDeletedFromTheInboundTopic() throws Exception {
        String externalId = "chat-" + UUID.randomUUID();
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = producer()) {
            sent = producer.send(new ProducerRecord<>(Topics.INTERACTIONS_INBOUND,
                    "{\"channel\":\"chat\",\"text\":\"Can I add seats?\",\"externalId\":\"" + externalId + "\"}")).get();
        }
        EventEnvelope received = RECEIVED.awaitEnvelopeWithPayload(e -> InteractionReceived.TYPE.equals(e.type())
                && externalId.equals(e.payload().path("externalId").asText()));
        assertEquals(externalId, received.payloadAs(InteractionReceived.class).externalId());

        // the scheduled job (every second in the tests) deletes it once the group committed it
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> start(admin, partition) > sent.offset());
        }
    }

    @Test
    void deletesExactlyWhatTheGroupCommittedAndNothingAfterIt() throws Exception {
        String topic = "intake-test.deleter-" + UUID.randomUUID();
        String group = "intake-test-deleter-" + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = admin(); KafkaProducer<String, String> producer = producer()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "record " + i)).get();
            }
            // the group has recorded the first three records; the last two are not committed yet
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(3))).all().get();
            double before = metrics.counter("exledger.inbound.deleted").count();

            assertEquals(3, deleter.deleteConsumed(group, topic));

            assertEquals(3, start(admin, partition));
            assertEquals(List.of("record 3", "record 4"), values(partition));
            assertEquals(3.0, metrics.counter("exledger.inbound.deleted").count() - before);
            // again: nothing more to delete until the group commits more
            assertEquals(0, deleter.deleteConsumed(group, topic));
            assertEquals(3, start(admin, partition));
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }

    private static long start(Admin admin, TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset();
    }

    private static List<String> values(TopicPartition partition) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }
}
