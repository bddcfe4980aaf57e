package dev.exceptionledger.support;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.exceptionledger.contracts.Violation;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one way every service reads a JSON body: strictly (unknown and duplicate fields, trailing content and values
 * of the wrong type are refused, nothing is coerced or dropped), and with answers that say what to send instead —
 * the field's path, the known fields or the nearest one to a misspelt name, an example of a valid value, the
 * allowed values of an enumeration — in the caller's terms, never in Java's.
 */
public final class StrictJson {
    private StrictJson() { }

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());
    /** Jackson's words for a scalar it would not convert, e.g. {@code Cannot coerce String value ("lots") to}. */
    private static final Pattern COERCED = Pattern.compile("^Cannot coerce (\\S+) value \\(.*\\) to ");
    /** ... and for a structure where a value was expected, e.g. {@code from Array value}. */
    private static final Pattern STRUCTURE = Pattern.compile(" from (Array|Object) value");
    /** Anything else the parser quotes from the input, longer than one character: {@code 'ab'}, {@code "ab"}, {@code (12345)}. */
    private static final Pattern QUOTED = Pattern.compile("'[^']{2,}'|\"[^\"]{2,}\"|\\(\\d{2,}[^)]*\\)");

    /** Applies the strict reading rules to a mapper (e.g. the one Quarkus REST reads bodies with). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("strict-instants").addDeserializer(Instant.class, new TextualInstant()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        // "9000" is no number and 9000 no text: a value of the wrong type is refused, not converted
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** An instant only as ISO-8601 text: a bare number would be read as seconds since 1970, a likely mistake. */
    private static final class TextualInstant extends StdScalarDeserializer<Instant> {
        TextualInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                return InstantDeserializer.INSTANT.deserialize(p, ctxt);
            }
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
    }

    /** A strict mapper of its own, for what a service reads outside a request body's binding. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads {@code json} as a tree with the strict rules; throws what {@link #violation} explains. */
    public static JsonNode readTree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** Reads {@code json} as a {@code type} with the strict rules; throws what {@link #violation} explains. */
    public static <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(json, type);
    }

    /** What is wrong with a body that could not be read, as the field to fix and what to send instead. */
    public static Violation violation(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || e.getClass().getSimpleName().contains("Definition")) {
            return new Violation("$", notJson(e));
        }
        String field = path(mapping);
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return new Violation("$", "the body has more after its JSON value: send exactly one JSON value");
        }
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return new Violation(field, unknownField(u.getPropertyName(), known));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String sent = sent(m);
            String target = "$".equals(field) ? "the body" : field;
            return new Violation(field, target + " must be " + expected(m.getTargetType()) + sent);
        }
        return new Violation(field, "$".equals(field) ? notJson(e) : field + " cannot be read: send a valid value");
    }

    /**
     * ", not a string": the kind of value that was sent instead, never the value itself (a detail is recorded and
     * answered in clear, so it must not quote what may be personal).
     */
    private static String sent(MismatchedInputException e) {
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            // text in the wrong form (an instant, an enumeration): the expected form says it all
            return f.getValue() instanceof String ? "" : ", not " + kind(f.getValue());
        }
        // the parser has moved on by now: the kind that was sent is read from Jackson's own message
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher scalar = COERCED.matcher(message);
        if (scalar.find()) {
            return switch (scalar.group(1)) {
                case "String" -> ", not a string";
                case "Boolean" -> ", not true or false";
                case "Floating-point" -> ", not a decimal number";
                default -> ", not a number";
            };
        }
        Matcher structure = STRUCTURE.matcher(message);
        if (structure.find()) {
            return structure.group(1).equals("Array") ? ", not an array" : ", not an object";
        }
        return "";
    }

    private static String kind(Object value) {
        if (value instanceof Boolean) {
            return "true or false";
        }
        if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
            return "a decimal number";
        }
        return value instanceof Number ? "a number" : "a string";
    }

    /** The message for a field nobody reads: the nearest known name when it looks misspelt, else all known ones. */
    public static String unknownField(String name, Collection<String> known) {
        String nearest = nearest(name, known);
        if (nearest != null) {
            return "unknown field '" + name + "': did you mean '" + nearest + "'?";
        }
        return "unknown field '" + name + "': remove it" + (known.isEmpty() ? ""
                : " (known fields here: " + String.join(", ", known) + ")");
    }

    /** A JSON value's kind in words, e.g. "an array". */
    public static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "null";
        };
    }

    /** What a value of {@code type} looks like, with an example: "a number, e.g. 9000". */
    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string, e.g. \"text\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number, e.g. 20";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number, e.g. 9000";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "an ISO-8601 instant, e.g. 2026-01-31T09:30:00Z";
        }
        if (type == LocalDate.class) {
            return "an ISO-8601 date, e.g. 2026-01-31";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration, e.g. PT15M";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time, e.g. 2026-01-31T09:30:00Z";
        }
        if (type == UUID.class) {
            return "a UUID, e.g. 3f2504e0-4f89-41d3-9a0c-0305e82c3301";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array, e.g. [ … ]";
        }
        if (Map.class.isAssignableFrom(type) || JsonNode.class.isAssignableFrom(type)) {
            return "an object, e.g. { … }";
        }
        List<String> fields = fields(type);
        return fields.isEmpty() ? "an object, e.g. { … }"
                : "an object with the fields " + String.join(", ", fields) + ", e.g. {\"" + fields.get(0) + "\": … }";
    }

    /** The JSON field names of a bound type, as Jackson reads them. */
    private static List<String> fields(Class<?> type) {
        try {
            JavaType javaType = MAPPER.constructType(type);
            return MAPPER.getDeserializationConfig().introspect(javaType).findProperties().stream()
                    .filter(BeanPropertyDefinition::couldDeserialize).map(BeanPropertyDefinition::getName)
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String why = e.getOriginalMessage() == null ? "" : ": " + withoutInput(e.getOriginalMessage());
        return "the body is not valid JSON" + where + why;
    }

    /**
     * The parser's reason without the input it quotes: an unrecognised word (up to 256 characters of it), a number
     * out of range, a quoted name or value. One character (an unexpected brace, say) is kept, it helps find the spot.
     */
    private static String withoutInput(String parserMessage) {
        String why = parserMessage.replaceAll("\\(for [^)]*\\)", "").replaceAll("\\s+", " ").strip();
        // a bare word, e.g. "Unrecognized token 'Dana': was expecting ..." (up to 256 characters of it)
        if (why.startsWith("Unrecognized token ")) {
            return "a word that is not JSON (text must be in double quotes; the only bare words are true, false and null)";
        }
        if (why.startsWith("Numeric value (")) {
            return "a number out of range";
        }
        if (why.startsWith("Duplicate field '")) {
            return why; // a field's name, to say which one to send once
        }
        return QUOTED.matcher(why).replaceAll("").replaceAll("\\s+", " ").strip();
    }

    /** e.g. {@code intents[2].examples}; {@code $} for the body itself. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    /**
     * The known name a misspelt one most likely meant (the same letters ignoring case and separators, or a few edits
     * away), or null when none is close.
     */
    public static String nearest(String name, Collection<String> known) {
        String wanted = letters(name);
        int tolerance = Math.max(1, wanted.length() / 4);
        return known.stream()
                .map(k -> Map.entry(k, distance(wanted, letters(k))))
                .filter(e -> e.getValue() <= tolerance)
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static String letters(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Edits between two names, a swap of neighbouring letters counting as one (optimal string alignment). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
