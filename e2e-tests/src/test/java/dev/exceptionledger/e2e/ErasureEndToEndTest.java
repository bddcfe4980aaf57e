package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.KafkaBroker;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An erasure through the running suite: a person's distinctive strings are in the ledger, review, routing's verdict
 * notes and (through a reviewer's correction) the classifier's active taxonomy until the compliance officer erases
 * them by email; within a minute no API answer holds them, while the funnel's counts and the chain stay as they were.
 * No topic's raw bytes hold them once intake has read them: intake seals them at entry and every service seals what
 * it writes, so the erasure (the key destroyed) reaches the topics' records without rewriting them; the same person's
 * interaction published in clear on interactions.inbound (as an agent's platform does) is deleted from that topic
 * once intake recorded it.
 */
@ExtendWith(LocalSuite.class)
class ErasureEndToEndTest {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final Duration ERASURE = Duration.ofSeconds(60);
    private final SuiteClient client = new SuiteClient();

    @Test
    void anErasureLeavesNoneOfThePersonsStringsInAnyApiAnswer() throws Exception {
        String marker = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String email = "dana." + marker + "@meridian.example";
        Instant from = Instant.now().minusSeconds(1);
        String body = """
                {"channel":"email","subject":"Quick question %1$s",
                 "text":"Does your platform integrate with our ERP? We run SAP for finance, ask for %1$s.",
                 "contact":{"name":"Dana %1$s","email":"%2$s","title":"CFO","company":"Meridian","companySize":800},
                 "turns":[{"role":"customer","text":"Hello, this is Dana %1$s again"}],
                 "agentDecision":{"label":"low_priority_technical_question","confidence":0.55,"action":"closed"}}"""
                .formatted(marker, email);
        SuiteClient.Reply accepted = client.postInteraction(body);
        assertEquals(202, accepted.status(), accepted.body());
        String interactionId = accepted.json().get("interactionId").asText();
        // the same person through the ingress topic, as an agent's platform publishes it: in clear, until intake has
        // recorded it (sealed) and deleted it
        RecordMetadata inbound = publishInbound(body);
        JsonNode item = await().atMost(PIPELINE).until(() -> OpenReviews.itemFor(client, interactionId),
                i -> i != null);
        String itemId = item.get("id").asText();
        // a correction: the classifier learns the person's text as an example of another intent
        String correctIntent = "procurement_contract".equals(item.path("intent").asText()) ? "integration_question"
                : "procurement_contract";
        SuiteClient.Reply verdict = client.postJson(Service.REVIEW, "/reviews/" + itemId + "/verdict", "reviewer", """
                {"verdict":"MISSED_OPPORTUNITY","estimatedValue":50000,"correctIntent":"%s",
                 "note":"Dana %s is the CFO; SAP integration decides the deal."}""".formatted(correctIntent, marker));
        assertEquals(201, verdict.status(), verdict.body());
        await().atMost(PIPELINE).until(() -> ledgerAnswers(interactionId).contains("ReviewRecorded"));
        await().atMost(PIPELINE).until(() -> taxonomy().contains(marker));
        assertTrue(everything(interactionId, itemId, from).contains(marker), "the person is readable before");
        // every personal value of this interaction holds the marker (a topic keeps earlier runs' records too)
        List<String> distinct = List.of(marker);
        Map<String, Integer> journey = TopicBytes.recordsHolding(List.of(interactionId));
        for (String topic : List.of(Topics.INTERACTIONS_RECEIVED, Topics.INTERACTIONS_CLASSIFIED,
                Topics.INTERACTIONS_ROUTED, Topics.HANDOFFS_REQUESTED, Topics.REVIEWS_RECORDED,
                Topics.CLASSIFIER_FEEDBACK)) {
            assertTrue(journey.containsKey(topic), "the interaction's records are read on " + topic + ": " + journey);
        }
        // the platform's record is gone from interactions.inbound once intake recorded it
        await().atMost(ERASURE).until(() -> startOf(inbound) > inbound.offset());
        assertEquals(Map.of(), TopicBytes.recordsHolding(distinct), "records holding the person's strings in clear");
        JsonNode subject = await().atMost(PIPELINE).until(() -> lookup(email.toUpperCase()),
                s -> s.path("interactionIds").size() == 2);
        assertEquals("ACTIVE", subject.get("status").asText(), subject.toString());
        List<String> interactionIds = List.of(subject.get("interactionIds").get(0).asText(),
                subject.get("interactionIds").get(1).asText());
        assertTrue(interactionIds.contains(interactionId), subject.toString());
        String inboundId = interactionIds.get(interactionIds.get(0).equals(interactionId) ? 1 : 0);
        await().atMost(PIPELINE).until(() -> ledgerAnswers(inboundId).contains("InteractionRouted"));
        String funnelBefore = funnel(from);

        SuiteClient.Reply erased = client.postJson(Service.LEDGER, "/ledger/subjects/"
                + subject.get("contactId").asText() + "/erasure", "compliance", "{}");

        assertEquals(200, erased.status(), erased.body());
        assertEquals("ERASED", erased.json().get("status").asText());
        assertTrue(erased.json().get("events").asLong() >= 5, erased.body());
        int topics = 0;
        for (JsonNode copy : erased.json().get("copies")) {
            if (copy.get("where").asText().startsWith("topic ")) {
                assertTrue(copy.get("erasable").asBoolean(), "sealed by its producer: " + copy);
                topics++;
            }
        }
        assertTrue(topics >= 5, "the answer names the topics it reaches: " + erased.body());
        await().atMost(ERASURE).untilAsserted(() -> {
            String answers = everything(interactionId, itemId, from) + ledgerAnswers(inboundId);
            assertFalse(answers.contains(marker), "still readable somewhere: " + answers);
        });
        assertEquals(funnelBefore, funnel(from));
        assertEquals(Map.of(), TopicBytes.recordsHolding(distinct), "records holding the person's strings in clear");
        JsonNode verify = client.get(Service.LEDGER, "/ledger/verify", "compliance").json();
        assertTrue(verify.get("intact").asBoolean(), verify.toString());
        JsonNode newest = client.get(Service.CLASSIFIER, "/taxonomy/versions", "compliance").json().get(0);
        assertEquals("erasure", newest.get("reason").asText(), newest.toString());
        assertTrue(newest.get("active").asBoolean(), newest.toString());
        JsonNode review = client.get(Service.REVIEW, "/reviews/" + itemId, "reviewer").json();
        assertEquals("[erased]", review.at("/packet/contact/name").asText());
        assertEquals("Meridian", review.at("/packet/contact/company").asText());
        assertEquals("MISSED_OPPORTUNITY", review.at("/verdict/verdict").asText());
    }

    private JsonNode lookup(String email) {
        return client.postJson(Service.LEDGER, "/ledger/subjects/lookup", "compliance",
                "{\"email\":\"" + email + "\"}").json();
    }

    /** Publishes a body on interactions.inbound with a plain producer, as a platform outside the suite does. */
    private static RecordMetadata publishInbound(String body) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(Topics.INTERACTIONS_INBOUND, null,
                    body.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** The first offset still held by the partition a record went to. */
    private static long startOf(RecordMetadata record) throws Exception {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset();
        }
    }

    /** Every API answer that may hold the person's strings. */
    private String everything(String interactionId, String itemId, Instant from) {
        return ledgerAnswers(interactionId)
                + client.get(Service.REVIEW, "/reviews/" + itemId, "reviewer").body()
                + client.get(Service.REVIEW, "/reviews?status=decided&size=200", "reviewer").body()
                + client.get(Service.REVIEW, "/reviews/blind-spots?from=" + from, "compliance").body()
                + client.get(Service.REVIEW, "/reviews/blind-spots?format=csv&from=" + from, "compliance").body()
                + client.get(Service.ROUTING, "/policy/suggestions", "policy-admin").body()
                + taxonomy();
    }

    private String taxonomy() {
        return client.get(Service.CLASSIFIER, "/taxonomy", "compliance").body();
    }

    private String ledgerAnswers(String interactionId) {
        return client.get(Service.LEDGER, "/ledger/interactions/" + interactionId, "compliance").body()
                + client.get(Service.LEDGER, "/ledger/replay?interactionId=" + interactionId, "compliance").body();
    }

    private String funnel(Instant from) {
        return client.get(Service.LEDGER, "/ledger/funnel?from=" + from, "compliance").body();
    }
}
