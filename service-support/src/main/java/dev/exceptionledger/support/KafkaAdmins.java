package dev.exceptionledger.support;

import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.HashMap;
import java.util.Map;

/** What a service's own Kafka admin client is configured with. */
public final class KafkaAdmins {
    private KafkaAdmins() { }

    /**
     * The suite's Kafka settings (bootstrap, TLS, SASL: Quarkus's {@code default-kafka-broker}) without the consumers'
     * and producers' own, under {@code clientId}.
     */
    public static Map<String, Object> config(Map<String, Object> kafka, String clientId) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }
}
