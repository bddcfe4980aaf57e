package dev.exceptionledger.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.exceptionledger.contracts.EventEnvelope;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outputs of one consumed batch: each is sent at once, without waiting for its acknowledgement, and
 * {@link #awaitAcks()} waits for all of them. A batch consumer calls it before returning, so the batch is committed
 * only after the broker acknowledged every output (at-least-once: outputs derive their eventIds from their inputs,
 * so a redelivered batch emits copies that consumers drop). Not thread-safe: one per batch.
 */
public final class BatchOutputs {

    /** SmallRye's dead-letter-queue headers, plus the consumer group the ledger records when it is given. */
    public static final String REASON_HEADER = "dead-letter-reason";
    public static final String CAUSE_HEADER = "dead-letter-cause";
    public static final String TOPIC_HEADER = "dead-letter-topic";
    public static final String PARTITION_HEADER = "dead-letter-partition";
    public static final String OFFSET_HEADER = "dead-letter-offset";
    public static final String CONSUMER_GROUP_HEADER = "dead-letter-consumer-group";

    /**
     * How long a consumed batch waits for its outputs' acknowledgements: beyond the producers' delivery timeout
     * (Kafka's default 120 s, after which a send fails by itself), so a broker that restarts within it costs the
     * consumer a wait, not its channel (SmallRye stops a consumer for good once its batch throws).
     */
    public static final Duration CONSUMED_BATCH_ACK_TIMEOUT = Duration.ofSeconds(150);

    private final List<CompletableFuture<Void>> pending = new ArrayList<>();

    /**
     * Sends the envelope keyed by its interactionId, in the current trace (inside {@link EnvelopeInput#forEach}'s
     * handler: the consumed record's).
     */
    public void send(MutinyEmitter<Record<String, String>> emitter, EventEnvelope envelope) {
        send(emitter, envelope, Context.current());
    }

    /**
     * Sends the envelope keyed by its interactionId in the trace of {@code cause} (the context that was current while
     * its input was handled), for outputs sent after the batch was read. A MutinyEmitter sends only once subscribed:
     * done here.
     */
    public void send(MutinyEmitter<Record<String, String>> emitter, EventEnvelope envelope, Context cause) {
        pending.add(emitter.sendMessage(Traces.message(Record.of(envelope.interactionId(), envelope.toJson()),
                Metadata.empty(), cause)).subscribeAsCompletionStage());
    }

    /**
     * Sends a consumed record that cannot be processed to the dead letters, as SmallRye's dead-letter queue would
     * (same key and value, same headers) but without failing the rest of its batch.
     *
     * @param deadLetters an emitter whose channel writes the {@code deadletters} topic
     */
    public void deadLetter(MutinyEmitter<Record<String, String>> deadLetters, ConsumerRecord<String, String> record,
                           String consumerGroup, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, REASON_HEADER, deadLetterReason(reason));
        if (reason.getCause() != null) {
            header(headers, CAUSE_HEADER, deadLetterReason(reason.getCause()));
        }
        header(headers, TOPIC_HEADER, record.topic());
        header(headers, PARTITION_HEADER, Integer.toString(record.partition()));
        header(headers, OFFSET_HEADER, Long.toString(record.offset()));
        header(headers, CONSUMER_GROUP_HEADER, consumerGroup);
        // in the trace of the record it copies, so the trace viewer shows where that record's journey ended
        Message<Record<String, String>> message = Traces.message(Record.of(record.key(), record.value()),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build()),
                Traces.of(record));
        pending.add(deadLetters.sendMessage(message).subscribeAsCompletionStage());
    }

    /**
     * Waits until the broker acknowledged every output, at most {@link EventPublisher#ACK_TIMEOUT} (an answer to a
     * request waits on it); throws if one failed or the wait timed out.
     */
    public void awaitAcks() {
        awaitAcks(EventPublisher.ACK_TIMEOUT);
    }

    /** As {@link #awaitAcks()}, for the outputs of a consumed batch: at most {@link #CONSUMED_BATCH_ACK_TIMEOUT}. */
    public void awaitAcksOfConsumedBatch() {
        awaitAcks(CONSUMED_BATCH_ACK_TIMEOUT);
    }

    private void awaitAcks(Duration timeout) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an output of the batch was not acknowledged: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the batch's outputs were not acknowledged within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting the batch's acknowledgements", e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Why a record is dead-lettered, in words that never quote it (the reason is recorded in clear, and Jackson's
     * messages quote the values they could not read): a JSON failure is told as its field and what was expected.
     */
    public static String deadLetterReason(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return "the record cannot be read: " + StrictJson.violation(json).message();
            }
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
