package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.intake.Intake;
import dev.exceptionledger.intake.persistence.DatabaseUnavailableException;
import dev.exceptionledger.support.SubjectKeysUnavailableException;
import dev.exceptionledger.support.Traces;
import io.opentelemetry.context.Scope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The ingress topic: platforms publish the same JSON body as {@code POST /interactions} (not an envelope). Each
 * record is validated like an HTTP request and becomes a received or a rejected event; the record is acknowledged
 * only after that event was. A passing outage (the database, the broker, the key store) is waited out: the record
 * stays where the platform put it rather than being copied, in clear, to the dead letters (only a failure that is
 * not an outage is dead-lettered).
 */
@ApplicationScoped
public class InboundConsumer {

    /** The record header that plays the role of the HTTP Idempotency-Key header. */
    public static final String IDEMPOTENCY_KEY_HEADER = "idempotency-key";

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);
    private static final long MAX_PAUSE_MILLIS = 5_000;

    private final Intake intake;

    public InboundConsumer(Intake intake) {
        this.intake = intake;
    }

    @Incoming("inbound")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        Header key = record.headers().lastHeader(IDEMPOTENCY_KEY_HEADER);
        byte[] body = record.value() == null ? new byte[0] : record.value();
        String idempotencyKey = key != null ? new String(key.value(), StandardCharsets.UTF_8) : positionKey(record);
        Intake.Outcome outcome;
        // a platform that traces its records gets the interaction's events in its own trace
        try (Scope trace = Traces.of(record).makeCurrent()) {
            outcome = waitingOutOutages(() -> intake.submit(body, idempotencyKey), InboundConsumer::pause);
        }
        if (!outcome.received()) {
            LOG.infof("rejected inbound record %s-%d@%d as %s (interaction %s)", record.topic(), record.partition(),
                    record.offset(), outcome.rejection().reason().code(), outcome.interactionId());
        }
    }

    /**
     * Without the platform's key, the record's position is one, so a redelivered record is received once. With the
     * time the broker stamped on it: a recreated topic, or a broker whose log started over, hands out the same offsets
     * again, and a new record keyed by its offset alone would be refused as a conflict with an old one.
     */
    static String positionKey(ConsumerRecord<?, ?> record) {
        return "kafka:" + record.topic() + "/" + record.partition() + "/" + record.offset() + "@" + record.timestamp();
    }

    /**
     * The attempt's result, attempted again after a growing pause (100 ms doubling up to 5 s) for as long as it
     * fails for an outage; any other failure is thrown at once.
     */
    static <T> T waitingOutOutages(Supplier<T> attempt, LongConsumer pause) {
        long pauseMillis = 100;
        for (int attempts = 1; ; attempts++) {
            try {
                return attempt.get();
            } catch (DatabaseUnavailableException | BrokerUnavailableException | SubjectKeysUnavailableException e) {
                LOG.warnf("an inbound record waits: %s (attempt %d); retrying in %d ms", e.getMessage(), attempts,
                        pauseMillis);
            }
            pause.accept(pauseMillis);
            pauseMillis = Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // the service is stopping: the record fails like any other failure (dead-lettered, not lost)
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while waiting out an outage", e);
        }
    }
}
