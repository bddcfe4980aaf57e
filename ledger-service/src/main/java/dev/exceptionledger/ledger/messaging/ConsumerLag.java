package dev.exceptionledger.ledger.messaging;

import dev.exceptionledger.support.KafkaAdmins;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * How far the ledger is behind its topics ({@code exledger_ledger_lag_records} by topic): the records of each topic
 * that its consumer group has not committed yet, i.e. not yet recorded. Read from the broker (the group's committed
 * offsets against the partitions' ends) every {@code ledger.metrics.refresh}, so a ledger that has stopped consuming
 * shows its lag growing; every replica reports the group's lag (take the max).
 */
@ApplicationScoped
public class ConsumerLag {

    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final String group;
    private final Map<String, Object> adminConfig;
    private final MultiGauge lag;
    private Admin admin;

    ConsumerLag(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                @ConfigProperty(name = "quarkus.application.name") String group, MeterRegistry metrics) {
        this.group = group;
        this.adminConfig = KafkaAdmins.config(kafka, group + "-lag");
        this.lag = MultiGauge.builder("exledger.ledger.lag.records")
                .description("records of the topic not yet recorded by the ledger (its consumer group's lag)")
                .register(metrics);
    }

    @Scheduled(every = "${ledger.metrics.refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void refresh() {
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> byTopic = new TreeMap<>();
            committed.forEach((partition, offset) -> {
                long end = ends.get(partition).offset();
                long behind = offset == null ? end : Math.max(0, end - offset.offset());
                byTopic.merge(partition.topic(), behind, Long::sum);
            });
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            byTopic.forEach((topic, records) -> rows.add(MultiGauge.Row.of(Tags.of("topic", topic), records)));
            lag.register(rows, true);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the gauges keep their last values; the next refresh tries again
            LOG.warnf("cannot read the ledger's consumer lag: %s", e.toString());
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
