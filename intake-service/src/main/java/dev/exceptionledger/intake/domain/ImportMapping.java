package dev.exceptionledger.intake.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.support.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A declarative mapping from an export's records onto our interaction (the body of {@code POST /interactions}) and
 * its original time, read from a YAML file in {@code import-mappings/} (the README describes the format). The
 * mapped interaction then goes through the one validation like any other input.
 */
public final class ImportMapping {

    public enum Format { NDJSON, CSV }

    /** Where a record's interaction and time come from once mapped. */
    public sealed interface Mapped permits Mapped.Ok, Mapped.Failed {
        /** @param interaction our schema's JSON, for the validator */
        record Ok(byte[] interaction, Instant occurredAt, String externalId) implements Mapped { }

        record Failed(Rejection rejection) implements Mapped { }
    }

    /** How one target field gets its value. */
    /**
     * How one target field gets its value: {@code from} a path or a {@code const}ant, through a {@code map} of
     * values, with a {@code default} when absent; {@code html} text made plain; a {@code time} format; or, for a
     * turn's role, {@code then} if the turn's {@code from} equals the record's {@code same-as}, else {@code else}.
     */
    record FieldSpec(String from, String constant, Map<String, String> map, String fallback, boolean html,
                     String time, String sameAs, String then, String otherwise) { }

    record TurnsSpec(String from, FieldSpec role, FieldSpec text, FieldSpec at) { }

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final List<String> TARGETS = List.of("externalId", "occurredAt", "channel", "subject", "text",
            "contact.name", "contact.email", "contact.title", "contact.company", "contact.companySize",
            "agentDecision.label", "agentDecision.confidence", "agentDecision.action");
    private static final List<String> TIME_FORMATS = List.of("iso", "epoch-seconds", "epoch-millis");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>|</p>|</div>|</li>");

    private final String name;
    private final Format format;
    private final boolean passthrough;
    private final Map<String, FieldSpec> fields;
    private final TurnsSpec turns;

    private ImportMapping(String name, Format format, boolean passthrough, Map<String, FieldSpec> fields,
                          TurnsSpec turns) {
        this.name = name;
        this.format = format;
        this.passthrough = passthrough;
        this.fields = fields;
        this.turns = turns;
    }

    public String name() {
        return name;
    }

    public Format format() {
        return format;
    }

    /** Reads a mapping file; throws IllegalArgumentException saying what is wrong with it. */
    public static ImportMapping read(String name, InputStream yaml) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        Format format;
        try {
            format = Format.valueOf(root.path("format").asText("").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": format must be ndjson or csv");
        }
        boolean passthrough = root.path("passthrough").asBoolean(false);
        if (passthrough && format != Format.NDJSON) {
            throw new IllegalArgumentException(name + ": passthrough needs format ndjson");
        }
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.path("fields").properties()) {
            if (!TARGETS.contains(field.getKey())) {
                throw new IllegalArgumentException(name + ": unknown target field " + field.getKey()
                        + " (known: " + String.join(", ", TARGETS) + ")");
            }
            fields.put(field.getKey(), spec(name, field.getKey(), field.getValue()));
        }
        if (!fields.containsKey("occurredAt")) {
            throw new IllegalArgumentException(name + ": fields.occurredAt is required (an import keeps the original time)");
        }
        if (passthrough && fields.keySet().stream().anyMatch(f -> !f.equals("occurredAt"))) {
            throw new IllegalArgumentException(name + ": a passthrough mapping maps only occurredAt");
        }
        TurnsSpec turns = null;
        JsonNode t = root.get("turns");
        if (t != null) {
            turns = new TurnsSpec(required(name, "turns.from", t.path("from")),
                    spec(name, "turns.role", t.path("role")), spec(name, "turns.text", t.path("text")),
                    t.has("at") ? spec(name, "turns.at", t.get("at")) : null);
        }
        return new ImportMapping(name, format, passthrough, fields, turns);
    }

    private static FieldSpec spec(String name, String target, JsonNode node) {
        if (node.isTextual()) {
            return new FieldSpec(node.textValue(), null, Map.of(), null, false, null, null, null, null);
        }
        if (!node.isObject() || !(node.has("from") || node.has("const"))) {
            throw new IllegalArgumentException(name + ": " + target + " needs from or const");
        }
        Map<String, String> map = new LinkedHashMap<>();
        node.path("map").properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        String time = node.hasNonNull("time") ? node.get("time").asText() : null;
        if (time != null && !TIME_FORMATS.contains(time)) {
            throw new IllegalArgumentException(name + ": " + target + ".time must be one of " + TIME_FORMATS);
        }
        return new FieldSpec(node.hasNonNull("from") ? node.get("from").asText() : null,
                node.hasNonNull("const") ? node.get("const").asText() : null, map,
                node.hasNonNull("default") ? node.get("default").asText() : null,
                node.path("html").asBoolean(false), time, text(node, "same-as"), text(node, "then"),
                text(node, "else"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String required(String name, String target, JsonNode node) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new IllegalArgumentException(name + ": " + target + " is required");
        }
        return node.textValue();
    }

    /**
     * Maps one record.
     *
     * @param header a CSV file's column names (null for NDJSON)
     */
    public Mapped map(byte[] record, List<String> header) {
        String text = new String(record, StandardCharsets.UTF_8);
        JsonNode source;
        if (format == Format.CSV) {
            List<String> values;
            try {
                values = Csv.fields(text);
            } catch (IllegalArgumentException e) {
                return failed(RejectionReason.VALIDATION_FAILED, "the CSV record is malformed: " + e.getMessage(),
                        "$");
            }
            if (values.size() != header.size()) {
                return failed(RejectionReason.VALIDATION_FAILED, "the CSV record has " + values.size()
                        + " fields, the header " + header.size() + ": quote fields that contain commas", "$");
            }
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < values.size(); i++) {
                row.put(header.get(i), values.get(i));
            }
            source = row;
        } else {
            try {
                source = StrictJson.readTree(text);
            } catch (JsonProcessingException e) {
                return failed(RejectionReason.INVALID_JSON, StrictJson.violation(e).message()
                        .replaceFirst("^the body", "the line"), "$");
            }
            if (source == null || !source.isObject()) {
                return failed(RejectionReason.INVALID_JSON, "the line must be a JSON object", "$");
            }
        }
        List<Violation> violations = new ArrayList<>();
        Instant occurredAt = time(fields.get("occurredAt"), source, "occurredAt", violations);
        ObjectNode interaction;
        if (passthrough) {
            interaction = ((ObjectNode) source).deepCopy();
            interaction.remove(fields.get("occurredAt").from());
        } else {
            interaction = JsonNodeFactory.instance.objectNode();
            boolean agentSawIt = false;
            for (Map.Entry<String, FieldSpec> field : fields.entrySet()) {
                if (!field.getKey().equals("occurredAt")) {
                    FieldSpec spec = field.getValue();
                    JsonNode value = value(spec, source, field.getKey(), violations);
                    put(interaction, field.getKey(), value);
                    agentSawIt |= field.getKey().startsWith("agentDecision.") && value != null
                            && spec.from() != null && !isAbsent(at(source, spec.from()));
                }
            }
            // defaults fill in an agent's decision, they do not invent one: without any of it in the record, no
            // agent saw the interaction
            if (!agentSawIt) {
                interaction.remove("agentDecision");
            }
            if (turns != null) {
                ArrayNode mapped = turns(source, violations);
                if (mapped != null) {
                    interaction.set("turns", mapped);
                }
            }
        }
        if (!violations.isEmpty()) {
            String fieldsNamed = String.join(", ", violations.stream().map(Violation::field).toList());
            return new Mapped.Failed(new Rejection(RejectionReason.VALIDATION_FAILED,
                    "the record cannot be mapped with mapping " + name + ": fix " + fieldsNamed, violations,
                    null, textAt(interaction, "externalId")));
        }
        return new Mapped.Ok(interaction.toString().getBytes(StandardCharsets.UTF_8), occurredAt,
                textAt(interaction, "externalId"));
    }

    /** The latest turns (at most the validator's limit), skipping those without text (e.g. assignment notes). */
    private ArrayNode turns(JsonNode source, List<Violation> violations) {
        JsonNode list = at(source, turns.from());
        if (list == null || !list.isArray()) {
            return null;
        }
        ArrayNode mapped = JsonNodeFactory.instance.arrayNode();
        for (JsonNode turn : list) {
            JsonNode text = value(turns.text(), turn, "turns.text", violations);
            if (text == null || text.asText().isBlank()) {
                continue;
            }
            ObjectNode out = mapped.addObject();
            FieldSpec role = turns.role();
            if (role.sameAs() != null) {
                JsonNode author = at(turn, role.from());
                JsonNode requester = at(source, role.sameAs());
                boolean same = author != null && requester != null && author.asText().equals(requester.asText());
                out.put("role", same ? role.then() : role.otherwise());
            } else {
                out.set("role", value(role, turn, "turns.role", violations));
            }
            out.set("text", text);
            if (turns.at() != null) {
                Instant at = time(turns.at(), turn, "turns.at", violations);
                if (at != null) {
                    out.put("at", at.toString());
                }
            }
        }
        while (mapped.size() > InteractionValidator.MAX_TURNS) {
            mapped.remove(0);
        }
        return mapped;
    }

    private JsonNode value(FieldSpec spec, JsonNode source, String target, List<Violation> violations) {
        if (spec.time() != null) {
            Instant t = time(spec, source, target, violations);
            return t == null ? null : TextNode.valueOf(t.toString());
        }
        JsonNode raw = spec.constant() != null ? TextNode.valueOf(spec.constant()) : at(source, spec.from());
        if (isAbsent(raw)) {
            return spec.fallback() == null ? null : TextNode.valueOf(spec.fallback());
        }
        if (!raw.isValueNode()) {
            // an object or array where a value belongs: the validator names the field
            return raw;
        }
        // exports write ids as numbers and CSV writes everything as text: ours are strings, but for two numbers
        String s = spec.html() ? plainText(raw.asText()) : raw.asText();
        return number(target, spec.map().getOrDefault(s, s));
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull() || value.isTextual() && value.textValue().isBlank();
    }

    /** CSV cells are text: the numeric fields of our schema are read as numbers when they are numbers. */
    private static JsonNode number(String target, String s) {
        try {
            if (target.equals("contact.companySize")) {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(s.strip()));
            }
            if (target.equals("agentDecision.confidence")) {
                return JsonNodeFactory.instance.numberNode(Double.parseDouble(s.strip()));
            }
        } catch (NumberFormatException e) {
            // left as text: the validator says what is expected
        }
        return TextNode.valueOf(s);
    }

    private Instant time(FieldSpec spec, JsonNode source, String target, List<Violation> violations) {
        if (spec == null) {
            return null;
        }
        String where = spec.from() == null ? target : spec.from();
        JsonNode raw = spec.constant() != null ? TextNode.valueOf(spec.constant()) : at(source, spec.from());
        if (raw == null || raw.isNull() || raw.asText().isBlank()) {
            violations.add(new Violation(where, "is required: the " + target + " of the interaction"));
            return null;
        }
        String format = spec.time() == null ? "iso" : spec.time();
        try {
            return switch (format) {
                case "epoch-seconds" -> Instant.ofEpochSecond(Long.parseLong(raw.asText().strip()));
                case "epoch-millis" -> Instant.ofEpochMilli(Long.parseLong(raw.asText().strip()));
                default -> OffsetDateTime.parse(raw.asText().strip()).toInstant();
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            violations.add(new Violation(where, format.equals("iso")
                    ? "must be an ISO-8601 time with offset such as 2025-03-01T09:00:00Z"
                    : "must be a whole number of " + (format.equals("epoch-seconds") ? "seconds" : "milliseconds")
                    + " since 1970-01-01T00:00:00Z"));
            return null;
        }
    }

    /** The value at a dotted path (a numeric step indexes an array); a CSV row's path is its column's name. */
    private JsonNode at(JsonNode source, String path) {
        if (format == Format.CSV) {
            return source.get(path);
        }
        JsonNode node = source;
        for (String step : path.split("\\.")) {
            if (node == null) {
                return null;
            }
            node = node.isArray() && step.chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(step))
                    : node.get(step);
        }
        return node;
    }

    private static void put(ObjectNode target, String path, JsonNode value) {
        if (value == null) {
            return;
        }
        int dot = path.indexOf('.');
        if (dot < 0) {
            target.set(path, value);
            return;
        }
        String parent = path.substring(0, dot);
        ObjectNode child = target.has(parent) ? (ObjectNode) target.get(parent) : target.putObject(parent);
        child.set(path.substring(dot + 1), value);
    }

    private static String textAt(ObjectNode interaction, String field) {
        JsonNode value = interaction.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()
                || value.asText().length() > InteractionValidator.MAX_ID) {
            return null;
        }
        return value.asText();
    }

    /** Exports keep conversation bodies as HTML: paragraphs and breaks become new lines, tags go. */
    static String plainText(String html) {
        String text = TAG.matcher(BREAK.matcher(html).replaceAll("\n")).replaceAll("");
        text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return text.strip();
    }

    private static Mapped failed(RejectionReason reason, String detail, String field) {
        return new Mapped.Failed(new Rejection(reason, detail, List.of(new Violation(field, detail)), null, null));
    }
}
