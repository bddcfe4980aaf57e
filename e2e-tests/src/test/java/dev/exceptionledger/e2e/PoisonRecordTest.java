package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.MessageDeadLettered;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unparseable bytes put straight on every topic that a service consumes: each consumer's refusal is a
 * MessageDeadLettered fact in the ledger (intake's ingress turns them into rejections instead), and every consumer
 * keeps going: interactions sent afterwards are received, classified, routed and queued for review.
 */
@ExtendWith(LocalSuite.class)
class PoisonRecordTest {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    /**
     * Consumers that leave an unparseable record to the topic's other consumers instead of dead-lettering it too:
     * routing's webhook delivery reads handoffs.requested only to call webhooks (see WebhookDelivery), review is
     * that topic's consumer of record; intake reads interactions.routed only to count imports' routed lines
     * (RoutedConsumer), review and the ledger are that topic's consumers of record.
     */
    private static final Set<String> LEAVE_IT_TO_OTHERS = Set.of("routing-service/handoff-deliveries",
            "intake-service/routed");
    private final SuiteClient client = new SuiteClient();
    private final Random random = new Random(8);

    private record Poison(String topic, String kind, String key, byte[] value) { }

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredAndTheConsumersKeepGoing() throws Exception {
        Map<String, List<String>> consumers = consumersByTopic();
        assertTrue(consumers.keySet().containsAll(List.of(Topics.INTERACTIONS_RECEIVED, Topics.DEAD_LETTERS)),
                "consumers: " + consumers);
        Instant from = Instant.now().minusSeconds(1);
        List<Poison> poisons = new ArrayList<>();
        for (String topic : consumers.keySet()) {
            poisons.add(new Poison(topic, "invalid UTF-8", key(), invalidUtf8()));
            poisons.add(new Poison(topic, "not JSON", key(), ("not json " + padding()).getBytes(StandardCharsets.UTF_8)));
            poisons.add(new Poison(topic, "JSON but no envelope", key(),
                    ("{\"hello\":\"" + padding() + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        String externalId = "after-poison-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Poison poison : poisons) {
                producer.send(new ProducerRecord<>(poison.topic(), poison.key().getBytes(StandardCharsets.UTF_8),
                        poison.value())).get();
            }
            // and behind the poison on the ingress topic, a valid interaction
            producer.send(new ProducerRecord<>(Topics.INTERACTIONS_INBOUND, null, ("""
                    {"channel":"api","text":"Is there an API for bulk exports?","externalId":"%s"}"""
                    .formatted(externalId)).getBytes(StandardCharsets.UTF_8))).get();
        }
        System.out.printf("poison: %d records on %d topics, consumers %s%n", poisons.size(), consumers.size(), consumers);

        // behind the poison, a valid interaction goes all the way: classifier, routing, review and ledger read on
        String interactionId = postEscalatedInteraction();
        JsonNode timeline = await().atMost(PIPELINE).until(() -> timeline(interactionId),
                t -> types(t).contains("InteractionRouted"));
        assertTrue(types(timeline).contains("InteractionClassified"), types(timeline).toString());
        await().atMost(PIPELINE).until(() -> OpenReviews.itemFor(client, interactionId), Objects::nonNull);

        for (Poison poison : poisons) {
            if (poison.topic().equals(Topics.INTERACTIONS_INBOUND)) {
                continue; // below
            }
            int expected = (int) consumers.get(poison.topic()).stream().filter(c -> !LEAVE_IT_TO_OTHERS.contains(c))
                    .count();
            List<JsonNode> deadLetters = await().atMost(PIPELINE).until(() -> deadLetters(poison.key()),
                    d -> d.size() >= expected);
            String seen = deadLetters.toString();
            assertEquals(expected, deadLetters.size(), poison.topic() + " " + poison.kind() + " by " + consumers.get(poison.topic()) + ": " + seen);
            for (JsonNode deadLetter : deadLetters) {
                assertEquals(poison.topic(), deadLetter.path("topic").asText(), seen);
                assertFalse(deadLetter.path("reason").asText().isBlank(), seen);
            }
        }

        // intake's ingress: every record becomes a fact; the poison ones are rejections, the valid one is received
        for (Poison poison : poisons) {
            if (poison.topic().equals(Topics.INTERACTIONS_INBOUND)) {
                await().atMost(PIPELINE).until(() -> replay("InteractionRejected", from).stream().anyMatch(r ->
                        r.path("payload").path("bodyBytes").asLong() == poison.value().length));
            }
        }
        await().atMost(PIPELINE).until(() -> replay("InteractionReceived", from).stream()
                .anyMatch(r -> externalId.equals(r.path("payload").path("externalId").asText())));
        System.out.printf("poison: all %d records recorded (one dead letter per consumer, rejections on %s)%n",
                poisons.size(), Topics.INTERACTIONS_INBOUND);
    }

    /** Each topic some service consumes → "service/channel" for each consuming channel, from the services' config. */
    private static Map<String, List<String>> consumersByTopic() throws Exception {
        Map<String, List<String>> consumers = new TreeMap<>();
        for (Service service : Service.values()) {
            Properties config = new Properties();
            config.load(new StringReader(Files.readString(DevStackPaths.root()
                    .resolve(service.module + "/src/main/resources/application.properties"))));
            Set<String> channels = new TreeSet<>();
            for (String name : config.stringPropertyNames()) {
                if (name.startsWith("mp.messaging.incoming.")) {
                    channels.add(name.split("\\.")[3]);
                }
            }
            for (String channel : channels) {
                String prefix = "mp.messaging.incoming." + channel + ".";
                // a channel without topic or topics reads the topic of its own name
                String topics = config.getProperty(prefix + "topics", config.getProperty(prefix + "topic", channel));
                for (String topic : topics.split(",")) {
                    consumers.computeIfAbsent(topic.strip(), t -> new ArrayList<>()).add(service.module + "/" + channel);
                }
            }
        }
        // the topics of contracts: a consumed topic that is not one of them would be a typo somewhere
        List<String> known = new ArrayList<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                known.add((String) field.get(null));
            }
        }
        assertTrue(known.containsAll(consumers.keySet()), consumers.keySet() + " ⊄ " + known);
        assertTrue(consumers.values().stream().flatMap(List::stream).toList().containsAll(LEAVE_IT_TO_OTHERS),
                "LEAVE_IT_TO_OTHERS names a consumer that no longer exists: " + LEAVE_IT_TO_OTHERS);
        return consumers;
    }

    private String postEscalatedInteraction() {
        SuiteClient.Reply reply = client.postInteraction("""
                {"channel":"email","text":"Does your platform integrate with our ERP? We run SAP for finance.",
                 "contact":{"name":"Robin Poe","email":"robin@poison.example","title":"CFO","company":"Poison Inc","companySize":900},
                 "agentDecision":{"label":"other","confidence":0.5,"action":"closed"}}""");
        assertEquals(202, reply.status(), reply.body());
        return reply.json().get("interactionId").asText();
    }

    private List<JsonNode> deadLetters(String key) {
        JsonNode timeline = timeline(key);
        List<JsonNode> facts = new ArrayList<>();
        if (timeline != null) {
            timeline.path("events").forEach(e -> {
                if (MessageDeadLettered.TYPE.equals(e.path("type").asText())) {
                    // without the raw value (kilobytes of filler) in failure messages
                    facts.add(((ObjectNode) e.path("payload").deepCopy()).without("rawValue"));
                }
            });
        }
        return facts;
    }

    private List<JsonNode> replay(String type, Instant from) {
        SuiteClient.Reply reply = client.get(Service.LEDGER, "/ledger/replay?type=" + type + "&from=" + from,
                "compliance");
        assertEquals(200, reply.status(), reply.body());
        return reply.body().lines().filter(l -> !l.isBlank()).map(l -> Json.read(l, JsonNode.class)).toList();
    }

    private JsonNode timeline(String interactionId) {
        SuiteClient.Reply reply = client.get(Service.LEDGER, "/ledger/interactions/" + interactionId, "compliance");
        return reply.status() == 200 ? reply.json() : null;
    }

    private static List<String> types(JsonNode timeline) {
        List<String> types = new ArrayList<>();
        timeline.path("events").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String key() {
        return "poison-" + UUID.randomUUID();
    }

    /** Printable filler of a random length, so that each record's size tells it apart. */
    private String padding() {
        return "x".repeat(2000 + random.nextInt(4000));
    }

    private byte[] invalidUtf8() {
        byte[] value = ("{\"text\":\"" + padding() + "\"}").getBytes(StandardCharsets.UTF_8);
        value[9] = (byte) 0xFF;
        value[10] = (byte) 0xC0;
        return value;
    }
}
