package dev.exceptionledger.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The schema of an operator's kinds, vendored as JSON Schema (the subset a generated model needs: {@code type},
 * {@code properties}, {@code required}, {@code additionalProperties}, {@code items}, {@code enum}, {@code anyOf} and
 * {@code $ref} into {@code $defs}), with its kinds mapped to their definitions. An object that declares no
 * {@code additionalProperties} schema admits no field it does not list: an unknown field is a problem, as in
 * {@link KnownFields}' Java models.
 */
final class VendoredSchema {

    private final JsonNode schema;
    private final Map<String, JsonNode> kinds = new TreeMap<>();

    private VendoredSchema(JsonNode schema) {
        this.schema = schema;
        schema.path("kinds").fields().forEachRemaining(kind -> kinds.put(kind.getKey(), resolve(kind.getValue().asText())));
    }

    /** Reads a schema from the classpath. */
    static VendoredSchema load(String resource) {
        try (InputStream in = VendoredSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            return new VendoredSchema(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kinds it has a schema for, as "apiVersion/kind". */
    Set<String> kinds() {
        return kinds.keySet();
    }

    /** The operator release the schema is of. */
    String release() {
        return schema.path("cloudnativePgRelease").asText();
    }

    /** One line per unknown field, missing required field or value of the wrong type, each with its JSON pointer. */
    List<String> check(String type, JsonNode object) {
        List<String> problems = new ArrayList<>();
        check(kinds.get(type), object, "", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, at, problems);
            return;
        }
        if (value.isNull()) {
            return; // the same as absent
        }
        if (schema.has("anyOf")) {
            List<String> closest = null;
            for (JsonNode alternative : schema.get("anyOf")) {
                List<String> its = new ArrayList<>();
                check(alternative, value, at, its);
                if (closest == null || its.size() < closest.size()) {
                    closest = its;
                }
            }
            problems.addAll(closest);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(pointer(at) + ": " + value + " is not one of " + schema.get("enum"));
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "string" -> expect(value.isTextual(), "a string", value, at, problems);
            case "number" -> expect(value.isNumber(), "a number", value, at, problems);
            case "boolean" -> expect(value.isBoolean(), "true or false", value, at, problems);
            case "array" -> {
                if (expect(value.isArray(), "a list", value, at, problems)) {
                    for (int i = 0; i < value.size(); i++) {
                        check(schema.get("items"), value.get(i), at + "/" + i, problems);
                    }
                }
            }
            case "object" -> {
                if (expect(value.isObject(), "an object", value, at, problems)) {
                    checkObject(schema, value, at, problems);
                }
            }
            case "" -> { } // any value
            default -> throw new IllegalStateException("a schema type this check does not know: " + type);
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String at, List<String> problems) {
        JsonNode properties = schema.path("properties");
        JsonNode others = schema.path("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = at + "/" + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), path, problems);
            } else if (others.isObject()) {
                check(others, field.getValue(), path, problems);
            } else {
                problems.add("unknown field " + path);
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.hasNonNull(required.asText())) {
                problems.add(pointer(at) + ": no " + required.asText() + ", which is required");
            }
        }
    }

    private static boolean expect(boolean holds, String what, JsonNode value, String at, List<String> problems) {
        if (!holds) {
            problems.add(pointer(at) + ": " + what + " expected, not " + value);
        }
        return holds;
    }

    /** A "#/$defs/..." JSON pointer into the schema. */
    private JsonNode resolve(String ref) {
        JsonNode target = schema.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalStateException("the schema has no " + ref);
        }
        return target;
    }

    private static String pointer(String at) {
        return at.isEmpty() ? "/" : at;
    }
}
