package dev.exceptionledger.ledger.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.exceptionledger.contracts.Json;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Some fields of a stored payload, read into the contract's record, so that a projection reads them by the record's
 * accessors: a renamed field fails to compile there, and a name here that the record lacks fails when the class loads.
 * A name is a top-level field or a path into a nested record ({@code agentDecision.action}). Only these fields are
 * bound, and only when they have their component's JSON kind (text for a string, an enum or an instant, else a number; an object
 * for a nested record); the payload is streamed until all of the top-level ones were seen, so the large nested parts
 * of most payloads (the interaction inside a classification) are never parsed.
 *
 * @param <T> the contract's record
 */
final class PayloadFields<T extends Record> {

    /** The fields to bind in one JSON object. */
    private static final class Shape {
        /** Per text or number field, whether it is a number. */
        final Map<String, Boolean> numeric = new HashMap<>();
        /** Per nested record, its fields. */
        final Map<String, Shape> nested = new HashMap<>();

        int size() {
            return numeric.size() + nested.size();
        }
    }

    private final Class<T> type;
    private final ObjectReader reader;
    private final Shape fields = new Shape();

    private PayloadFields(Class<T> type, String... names) {
        this.type = type;
        this.reader = Json.mapper().readerFor(type);
        for (String name : names) {
            add(fields, type, name, name);
        }
    }

    static <T extends Record> PayloadFields<T> of(Class<T> type, String... names) {
        return new PayloadFields<>(type, names);
    }

    /** Adds the field at {@code path} (relative to {@code record}) of the full {@code name}. */
    private void add(Shape shape, Class<?> record, String path, String name) {
        int dot = path.indexOf('.');
        String field = dot < 0 ? path : path.substring(0, dot);
        Class<?> kind = Arrays.stream(record.getRecordComponents())
                .filter(component -> component.getName().equals(field)).findFirst()
                .map(RecordComponent::getType)
                .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " has no field " + name));
        if (dot >= 0) {
            if (!kind.isRecord()) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + name + ": " + field
                        + " is not a record");
            }
            add(shape.nested.computeIfAbsent(field, f -> new Shape()), kind, path.substring(dot + 1), name);
        } else if (kind == String.class || kind.isEnum() || kind == java.time.Instant.class) {
            shape.numeric.put(field, false);
        } else if (Number.class.isAssignableFrom(kind)) {
            shape.numeric.put(field, true);
        } else {
            throw new IllegalArgumentException(type.getSimpleName() + "." + name + " is neither text nor a number");
        }
    }

    /**
     * @param unreadable told when the payload is not JSON; the record then holds the fields read before the fault
     * @return the record of the fields found, its other components null (or zero)
     * @throws IllegalArgumentException when a field does not fit the record, e.g. an enum constant it lacks
     */
    T read(String payload, Consumer<IOException> unreadable) {
        // the fields found, as tokens: bound straight from them, without building a tree
        TokenBuffer found = new TokenBuffer(Json.mapper(), false);
        try {
            found.writeStartObject();
            if (payload != null) {
                try {
                    copyFields(payload, found);
                } catch (IOException e) {
                    unreadable.accept(e);
                }
            }
            found.writeEndObject();
            return reader.readValue(found.asParser());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private void copyFields(String payload, TokenBuffer found) throws IOException {
        try (JsonParser parser = Json.mapper().getFactory().createParser(payload)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                copyObject(parser, found, fields, true);
            }
        }
    }

    /** Copies the shape's fields of the object the parser is in; {@code topLevel}, it stops once it has them all. */
    private static void copyObject(JsonParser parser, TokenBuffer found, Shape shape, boolean topLevel)
            throws IOException {
        int copied = 0;
        while ((!topLevel || copied < shape.size()) && parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            Boolean isNumber = shape.numeric.get(name);
            Shape nested = shape.nested.get(name);
            if (isNumber != null && (isNumber ? value.isNumeric() : value == JsonToken.VALUE_STRING)) {
                found.writeFieldName(name);
                found.copyCurrentEvent(parser);
                copied++;
            } else if (nested != null && value == JsonToken.START_OBJECT) {
                found.writeFieldName(name);
                found.writeStartObject();
                try {
                    copyObject(parser, found, nested, false);
                } finally {
                    // what was read of it before a fault still binds
                    found.writeEndObject();
                }
                copied++;
            } else {
                parser.skipChildren();
            }
        }
    }
}
