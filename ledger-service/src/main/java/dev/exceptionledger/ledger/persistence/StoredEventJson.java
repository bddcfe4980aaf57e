package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The stored JSON of {@link InteractionEventRecorded}, written and read by streaming, without data binding (which
 * was most of the CPU of ingest, rebuild and replay). It is the JSON Axon's JacksonSerializer writes (a test compares
 * them) except that the payload is stored as the JSON it is, not as a string holding it escaped: reading it is then
 * a copy of its bytes, not an unescape of every quote. Rows stored in the older form, the payload as a string, are
 * read as they are (their hashes chain those bytes).
 */
final class StoredEventJson {
    private StoredEventJson() { }

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    static byte[] write(InteractionEventRecorded event) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(2048);
             JsonGenerator out = FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            // the record's order; nulls left out, as the contracts' mapper does
            field(out, "interactionId", event.interactionId());
            field(out, "eventId", event.eventId());
            field(out, "type", event.type());
            out.writeNumberField("schemaVersion", event.schemaVersion());
            field(out, "occurredAt", event.occurredAt() == null ? null : event.occurredAt().toString());
            field(out, "producer", event.producer());
            field(out, "correlationId", event.correlationId());
            field(out, "causationId", event.causationId());
            field(out, "topic", event.topic());
            if (event.payload() != null) {
                // written by the ledger from a JSON tree, so valid JSON
                out.writeFieldName("payload");
                out.writeRawValue(event.payload());
            }
            field(out, "traceId", event.traceId());
            field(out, "sealedFor", event.sealedFor());
            out.writeEndObject();
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a stored event */
    static InteractionEventRecorded read(byte[] json) {
        String interactionId = null;
        String eventId = null;
        String type = null;
        int schemaVersion = 0;
        Instant occurredAt = null;
        String producer = null;
        String correlationId = null;
        String causationId = null;
        String topic = null;
        String payload = null;
        String traceId = null;
        String sealedFor = null;
        try (JsonParser in = FACTORY.createParser(json)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a stored event is a JSON object");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken value = in.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "interactionId" -> interactionId = in.getText();
                    case "eventId" -> eventId = in.getText();
                    case "type" -> type = in.getText();
                    case "schemaVersion" -> schemaVersion = in.getValueAsInt();
                    case "occurredAt" -> occurredAt = instant(in.getText());
                    case "producer" -> producer = in.getText();
                    case "correlationId" -> correlationId = in.getText();
                    case "causationId" -> causationId = in.getText();
                    case "topic" -> topic = in.getText();
                    case "payload" -> payload = value == JsonToken.VALUE_STRING ? in.getText() : raw(in, json);
                    case "traceId" -> traceId = in.getText();
                    case "sealedFor" -> sealedFor = in.getText();
                    default -> in.skipChildren();
                }
            }
        } catch (IOException | DateTimeException e) {
            throw new IllegalArgumentException("not a stored event: " + e.getMessage(), e);
        }
        return new InteractionEventRecorded(interactionId, eventId, type, schemaVersion, occurredAt, producer,
                correlationId, causationId, topic, payload, traceId, sealedFor);
    }

    /** The JSON value at the parser's current token, as the text it is stored as. */
    private static String raw(JsonParser in, byte[] json) throws IOException {
        int start = (int) in.currentTokenLocation().getByteOffset();
        in.skipChildren();
        int end = (int) in.currentLocation().getByteOffset();
        return new String(json, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * Parses the ISO-8601 form {@link Instant#toString()} writes ({@code 2026-11-24T17:15:51.123456Z}) by hand,
     * anything else with {@link Instant#parse}: the general parser costs more than the rest of reading an event.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || length > 20 && (text.charAt(19) != '.' || length == 21)) {
            return Instant.parse(text);
        }
        try {
            long seconds = LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10),
                    digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19)).toEpochSecond(ZoneOffset.UTC);
            int nanos = 0;
            if (length > 20) {
                nanos = digits(text, 20, length - 1);
                for (int i = length - 21; i < 9; i++) {
                    nanos *= 10;
                }
            }
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException | NumberFormatException e) {
            // e.g. a leap second: the general parser knows what to do
            return Instant.parse(text);
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException(text);
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static void field(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }
}
