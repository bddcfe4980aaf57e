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
 * Some top-level fields of a stored payload, read into the contract's record, so that a projection reads them by the
 * record's accessors: a renamed field fails to compile there, and a name here that the record lacks fails when the
 * class loads. Only these fields are bound, and only when they have their component's JSON kind (text for a string
 * or an enum, else a number); the payload is streamed until all of them were seen, so the large nested parts of
 * most payloads (the interaction inside a classification) are never parsed.
 *
 * @param <T> the contract's record
 */
final class PayloadFields<T extends Record> {

    private final Class<T> type;
    private final ObjectReader reader;
    /** Per field, whether its component is a number (else text). */
    private final Map<String, Boolean> numeric = new HashMap<>();

    private PayloadFields(Class<T> type, String... names) {
        this.type = type;
        this.reader = Json.mapper().readerFor(type);
        for (String name : names) {
            Class<?> kind = Arrays.stream(type.getRecordComponents())
                    .filter(component -> component.getName().equals(name)).findFirst()
                    .map(RecordComponent::getType)
                    .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " has no field " + name));
            if (kind == String.class || kind.isEnum()) {
                numeric.put(name, false);
            } else if (Number.class.isAssignableFrom(kind)) {
                numeric.put(name, true);
            } else {
                throw new IllegalArgumentException(type.getSimpleName() + "." + name + " is neither text nor a number");
            }
        }
    }

    static <T extends Record> PayloadFields<T> of(Class<T> type, String... names) {
        return new PayloadFields<>(type, names);
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
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            int copied = 0;
            while (copied < numeric.size() && parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                Boolean isNumber = numeric.get(name);
                JsonToken value = parser.nextToken();
                if (isNumber != null && (isNumber ? value.isNumeric() : value == JsonToken.VALUE_STRING)) {
                    found.writeFieldName(name);
                    found.copyCurrentEvent(parser);
                    copied++;
                } else {
                    parser.skipChildren();
                }
            }
        }
    }
}
