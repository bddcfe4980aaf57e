package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.intake.IntakeConfig;
import dev.exceptionledger.support.KafkaAdmins;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deletes what intake has read from interactions.inbound, where platforms publish interactions in clear: every
 * few seconds, each partition's records below intake's committed offset ({@code deleteRecords}). A record is
 * committed only after its received or rejected event (sealed) was acknowledged, so nothing not yet recorded is
 * deleted, and an erasure then reaches every copy. Idempotent: every replica may run it.
 */
@ApplicationScoped
public class ConsumedInboundDeleter {

    private static final Logger LOG = Logger.getLogger(ConsumedInboundDeleter.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, Object> adminConfig;
    private final String group;
    private final String topic;
    private final boolean enabled;
    private final Counter deleted;
    private Admin admin;

    ConsumedInboundDeleter(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                           @ConfigProperty(name = "quarkus.application.name") String group,
                           @ConfigProperty(name = "mp.messaging.incoming.inbound.topic") String topic,
                           IntakeConfig config, MeterRegistry metrics) {
        this.group = group;
        this.topic = topic;
        this.enabled = config.inbound().deleteConsumed();
        this.adminConfig = KafkaAdmins.config(kafka, group + "-inbound-deleter");
        this.deleted = Counter.builder("exledger.inbound.deleted")
                .description("records of interactions.inbound deleted after intake recorded them")
                .register(metrics);
    }

    @Scheduled(every = "${intake.inbound.delete-consumed-every:10s}", delay = 5, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteConsumed() {
        if (!enabled) {
            return;
        }
        try {
            long count = deleteConsumed(group, topic);
            if (count > 0) {
                LOG.debugf("deleted %d consumed records of %s", count, topic);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the records stay until the next run (or the topic's retention)
            LOG.warnf("cannot delete the consumed records of %s: %s", topic, e.toString());
        }
    }

    /** Deletes the records of {@code topic} below the offsets {@code group} committed; answers how many. */
    synchronized long deleteConsumed(String group, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                earliest.put(partition, OffsetSpec.earliest());
            }
        });
        if (earliest.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        long count = 0;
        for (var start : admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
            long upTo = committed.get(start.getKey()).offset();
            if (upTo > start.getValue().offset()) {
                delete.put(start.getKey(), RecordsToDelete.beforeOffset(upTo));
                count += upTo - start.getValue().offset();
            }
        }
        if (delete.isEmpty()) {
            return 0;
        }
        admin.deleteRecords(delete).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        deleted.increment(count);
        return count;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
