package dev.exceptionledger.support;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace an event belongs to, carried in Kafka record headers as W3C {@code traceparent}. SmallRye's Kafka
 * connector writes that header on every record it sends and starts a span for every record it receives, but it takes
 * the parent of an outgoing record from the message, else from the current context; a batch consumer's outputs sent
 * through an emitter have neither, so each output names its parent explicitly here: the trace of the record that
 * caused it. When tracing is off nothing carries a header and every context here is the empty root.
 */
public final class Traces {
    private Traces() { }

    private static final TextMapGetter<ConsumerRecord<?, ?>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ConsumerRecord<?, ?> record) {
            List<String> keys = new ArrayList<>();
            record.headers().forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(ConsumerRecord<?, ?> record, String key) {
            if (record == null) {
                return null;
            }
            Header header = record.headers().lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    /** The trace context a consumed record carries in its {@code traceparent} header; the root when it has none. */
    public static Context of(ConsumerRecord<?, ?> record) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), record, HEADERS);
    }

    /** The record's trace id (32 hex digits), or null when it carries none. */
    public static String traceIdOf(ConsumerRecord<?, ?> record) {
        return traceId(Span.fromContext(of(record)).getSpanContext());
    }

    /** The trace id of the current span, or null when there is none (tracing off, or outside any trace). */
    public static String currentTraceId() {
        return traceId(Span.current().getSpanContext());
    }

    /** A message for an emitter whose record is sent as a child of {@code parent}. */
    static Message<Record<String, String>> message(Record<String, String> record, Metadata metadata,
                                                   Context parent) {
        return Message.of(record, metadata.with(TracingMetadata.withCurrent(parent)));
    }

    private static String traceId(SpanContext span) {
        return span.isValid() ? span.getTraceId() : null;
    }
}
