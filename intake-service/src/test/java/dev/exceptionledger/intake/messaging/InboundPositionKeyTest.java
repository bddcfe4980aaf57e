package dev.exceptionledger.intake.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** An ingress record without the platform's key is keyed by where and when the broker put it. */
class InboundPositionKeyTest {

    @Test
    void aRedeliveryHasTheSameKeyAndANewRecordAtARecurringOffsetAnother() {
        ConsumerRecord<String, byte[]> first = record(1_796_600_000_000L);
        ConsumerRecord<String, byte[]> afterTheTopicWasRecreated = record(1_796_700_000_000L);

        assertEquals("kafka:interactions.inbound/1/0@1796600000000", InboundConsumer.positionKey(first));
        assertEquals(InboundConsumer.positionKey(first), InboundConsumer.positionKey(record(1_796_600_000_000L)));
        assertNotEquals(InboundConsumer.positionKey(first), InboundConsumer.positionKey(afterTheTopicWasRecreated));
    }

    private static ConsumerRecord<String, byte[]> record(long timestamp) {
        return new ConsumerRecord<>("interactions.inbound", 1, 0, timestamp, TimestampType.CREATE_TIME, 0, 2, null,
                new byte[] {'{', '}'}, new RecordHeaders(), Optional.empty());
    }
}
