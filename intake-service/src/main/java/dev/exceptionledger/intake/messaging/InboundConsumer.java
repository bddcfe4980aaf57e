package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.intake.Intake;
import dev.exceptionledger.support.Traces;
import io.opentelemetry.context.Scope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * The ingress topic: platforms publish the same JSON body as {@code POST /interactions} (not an envelope). Each
 * record is validated like an HTTP request and becomes a received or a rejected event; the record is acknowledged
 * only after that event was.
 */
@ApplicationScoped
public class InboundConsumer {

    /** The record header that plays the role of the HTTP Idempotency-Key header. */
    public static final String IDEMPOTENCY_KEY_HEADER = "idempotency-key";

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    private final Intake intake;

    public InboundConsumer(Intake intake) {
        this.intake = intake;
    }

    @Incoming("inbound")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        Header key = record.headers().lastHeader(IDEMPOTENCY_KEY_HEADER);
        byte[] body = record.value() == null ? new byte[0] : record.value();
        // without the platform's key, the record's position is one: a redelivered record is received once
        String idempotencyKey = key != null ? new String(key.value(), StandardCharsets.UTF_8)
                : "kafka:" + record.topic() + "/" + record.partition() + "/" + record.offset();
        Intake.Outcome outcome;
        // a platform that traces its records gets the interaction's events in its own trace
        try (Scope trace = Traces.of(record).makeCurrent()) {
            outcome = intake.submit(body, idempotencyKey);
        }
        if (!outcome.received()) {
            LOG.infof("rejected inbound record %s-%d@%d as %s (interaction %s)", record.topic(), record.partition(),
                    record.offset(), outcome.rejection().reason().code(), outcome.interactionId());
        }
    }
}
