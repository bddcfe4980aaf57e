package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Malformed requests to intake's {@code POST /interactions}, drawn from a seeded random generator: each with the
 * answer it must get and a word that the problem must contain to tell the caller what to fix (the field's path,
 * or what is wrong with the body). Limits as in intake-service's InteractionValidator.
 */
final class HostileRequests {

    /**
     * @param mustName for {@code validation-failed}, the field path a violation must name (and the detail too);
     *                 otherwise a phrase the detail must contain
     * @param headers  extra request headers, name then value
     */
    record Request(String category, byte[] body, String contentType, List<String> headers, int status, String code,
                   String mustName) { }

    static final int MAX_BODY = 256 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] CHANNELS = {"web_form", "email", "chat", "phone", "api", "social", "partner"};
    private static final String[] WORDS = {"invoice", "integration", "refund", "ERP", "pricing", "contract", "SAP",
            "renewal", "outage", "Grüße", "naïve", "日本語", "😀", "quote", "\"quoted\"", "back\\slash", "line\nbreak"};
    private static final String[] STRING_FIELDS = {"subject", "text", "externalId", "contact.name", "contact.title",
            "contact.company", "contact.email", "agentDecision.label", "agentDecision.action", "turns[0].text"};

    private final Random random;

    HostileRequests(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} requests: {@code oversizeBodies} of them over 256 KB, the rest spread evenly over the others. */
    List<Request> generate(int count, int oversizeBodies) {
        List<Function<Integer, Request>> kinds = List.of(this::invalidJson, this::wrongType, this::oversizeField,
                this::invalidUtf8, this::controlCharacter, this::deepNesting, this::missingField,
                this::wrongContentType, this::invalidValue);
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < oversizeBodies; i++) {
            requests.add(oversizeBody(i));
        }
        for (int i = 0; requests.size() < count; i++) {
            requests.add(kinds.get(i % kinds.size()).apply(i));
        }
        return requests;
    }

    // ---- the categories

    private Request invalidJson(int n) {
        String valid = Json.write(valid(n));
        String[] broken = {
                valid.substring(0, 1 + random.nextInt(valid.length() - 1)),          // cut anywhere
                valid.replaceFirst("\"channel\":", "'channel':"),
                valid.replaceFirst("\"channel\":", "channel:"),
                valid.substring(0, valid.length() - 1) + ",}",                      // trailing comma
                valid + "{}",                                                        // trailing content
                valid.replaceFirst("\\{", "{\"text\":\"twice\","),                  // duplicate field
                "", "   ", "null]", "NaN", "{\"channel\":\"email\",\"text\":\"unterminated}",
                valid.replace(':', '='), "\u0000" + valid};
        String body = broken[random.nextInt(broken.length)];
        return new Request("invalid JSON", utf8(body), "application/json", List.of(), 400, "invalid-json", "JSON");
    }

    private Request wrongType(int n) {
        ObjectNode body = valid(n);
        String[][] fields = {{"channel", "s"}, {"subject", "s"}, {"text", "s"}, {"externalId", "s"},
                {"contact", "o"}, {"turns", "a"}, {"agentDecision", "o"}, {"contact.name", "s"},
                {"contact.email", "s"}, {"contact.companySize", "i"}, {"agentDecision.label", "s"},
                {"agentDecision.action", "s"}, {"agentDecision.confidence", "n"}, {"turns[0]", "o"},
                {"turns[0].role", "s"}, {"turns[0].text", "s"}, {"turns[0].at", "s"}};
        String[] field = fields[random.nextInt(fields.length)];
        set(body, field[0], wrongValue(field[1]));
        return invalid("wrong type", body, field[0]);
    }

    private Request oversizeField(int n) {
        ObjectNode body = valid(n);
        String[][] limits = {{"text", "20000"}, {"subject", "500"}, {"externalId", "200"}, {"contact.name", "200"},
                {"contact.title", "200"}, {"contact.company", "200"}, {"agentDecision.label", "200"},
                {"agentDecision.action", "200"},
                {"turns[0].text", "20000"}, {"contact.email", "254"}, {"turns", "200"}};
        String[] limit = limits[random.nextInt(limits.length)];
        int over = Integer.parseInt(limit[1]) + 1 + random.nextInt(50);
        if (limit[0].equals("turns")) {
            ArrayNode turns = NODES.arrayNode();
            for (int i = 0; i < over; i++) {
                turns.add(turn());
            }
            body.set("turns", turns);
        } else if (limit[0].equals("contact.email")) {
            set(body, limit[0], NODES.textNode("a".repeat(over - "@example.com".length()) + "@example.com"));
        } else {
            // code points, not bytes: a multi-byte character counts once
            String unit = random.nextBoolean() ? "x" : "😀";
            set(body, limit[0], NODES.textNode(unit.repeat(over)));
        }
        return invalid("oversize field", body, limit[0]);
    }

    private Request oversizeBody(int n) {
        int size = MAX_BODY + 1 + random.nextInt(200 * 1024);
        byte[] body;
        if (n % 2 == 0) {
            ObjectNode valid = valid(n);
            valid.put("text", "y".repeat(size));
            body = utf8(Json.write(valid));
        } else {
            body = new byte[size];
            random.nextBytes(body);
        }
        return new Request("oversize body", body, "application/json", List.of(), 413, "body-too-large", "256 KB");
    }

    private Request invalidUtf8(int n) {
        byte[][] sequences = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2,
                (byte) 0x82}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        ObjectNode body = valid(n);
        String marker = "@@bad@@";
        body.put("text", body.path("text").asText() + marker);
        String json = Json.write(body);
        int at = json.indexOf(marker);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8(json.substring(0, at)));
        bytes.writeBytes(sequences[random.nextInt(sequences.length)]);
        bytes.writeBytes(utf8(json.substring(at + marker.length())));
        return new Request("invalid UTF-8", bytes.toByteArray(), "application/json", List.of(), 400, "invalid-json",
                "UTF-8");
    }

    private Request controlCharacter(int n) {
        ObjectNode body = valid(n);
        String field = STRING_FIELDS[random.nextInt(STRING_FIELDS.length)];
        int c = random.nextBoolean() ? random.nextInt(0x20) : 0x7F + random.nextInt(0x21);
        if (c == '\t' || c == '\n' || c == '\r') {
            c = 0x07;
        }
        set(body, field, NODES.textNode("before" + (char) c + "after"));
        return invalid("control character", body, field);
    }

    private Request deepNesting(int n) {
        ObjectNode body = valid(n);
        // Jackson's limit is 1,000 levels including the body's own object; stay clear of the boundary either way
        int depth = random.nextBoolean() ? 2 + random.nextInt(900) : 1100 + random.nextInt(20_000);
        boolean arrays = random.nextBoolean();
        String field = random.nextBoolean() ? "text" : "contact";
        String nested = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
        // the field's own value moves to an unknown field beside it
        String json = Json.write(body).replaceFirst("\"" + field + "\":", "\"" + field + "\":@@nested@@,\"x" + field
                + "\":");
        json = json.replace("@@nested@@", nested);
        if (depth > 999) {
            return new Request("deep nesting", utf8(json), "application/json", List.of(), 400, "invalid-json",
                    "depth");
        }
        return new Request("deep nesting", utf8(json), "application/json", List.of(), 400, "validation-failed",
                field);
    }

    private Request missingField(int n) {
        ObjectNode body = valid(n);
        // agentDecision.action is optional: a decision without one is canonically none
        String[] required = {"channel", "text", "agentDecision.label", "turns[0].role", "turns[0].text"};
        String field = required[random.nextInt(required.length)];
        if (random.nextBoolean()) {
            remove(body, field);
        } else {
            set(body, field, NODES.nullNode());   // null means absent
        }
        return invalid("missing field", body, field);
    }

    private Request wrongContentType(int n) {
        String[] types = {null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1",
                "application/json; charset=utf-16", "text/json", "application/jsonx", "*/*", "application/*",
                "not a media type", "application/json; charset=latin1", "image/png"};
        String type = types[random.nextInt(types.length)];
        return new Request("wrong content type", utf8(Json.write(valid(n))), type, List.of(), 415,
                "unsupported-media-type", "Content-Type");
    }

    private Request invalidValue(int n) {
        ObjectNode body = valid(n);
        Object[][] values = {{"channel", "fax"}, {"channel", "EMAIL"}, {"contact.email", "not-an-email"},
                {"contact.email", "a@b"}, {"contact.companySize", 0}, {"contact.companySize", -5},
                {"contact.companySize", 2_147_483_648L}, {"agentDecision.confidence", 1.5},
                {"agentDecision.confidence", -0.1}, {"agentDecision.action", "  "}, {"turns[0].role", "bot"},
                {"turns[0].at", "yesterday"}, {"text", "   "}, {"agentDecision.label", ""}, {"externalId", " "},
                {"priority", "high"}, {"contact.phone", "555"}, {"turns[0].sentiment", "angry"}};
        Object[] value = values[random.nextInt(values.length)];
        set(body, (String) value[0], Json.tree(value[1]));
        if (random.nextInt(10) == 0) {
            // the header is validated with the body: an overlong key is a violation of its own
            String key = "k".repeat(201 + random.nextInt(100));
            return new Request("invalid value", utf8(Json.write(valid(n))), "application/json",
                    List.of("Idempotency-Key", key), 400, "validation-failed", "Idempotency-Key");
        }
        return invalid("invalid value", body, (String) value[0]);
    }

    // ---- helpers

    private Request invalid(String category, ObjectNode body, String field) {
        return new Request(category, utf8(Json.write(body)), random.nextBoolean() ? "application/json"
                : "application/json; charset=UTF-8", List.of(), 400, "validation-failed", field);
    }

    /** A valid interaction with every optional part, so any field can be broken. */
    private ObjectNode valid(int n) {
        ObjectNode body = NODES.objectNode();
        body.put("channel", CHANNELS[random.nextInt(CHANNELS.length)]);
        body.put("subject", words(3));
        body.put("text", words(5 + random.nextInt(30)));
        ObjectNode contact = body.putObject("contact");
        contact.put("name", "Dana Reyes").put("email", "dana" + n + "@meridian.example").put("title", "CFO")
                .put("company", "Meridian").put("companySize", 1 + random.nextInt(5000));
        ArrayNode turns = body.putArray("turns");
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            turns.add(turn());
        }
        body.putObject("agentDecision").put("label", "general_question").put("confidence", random.nextDouble())
                .put("action", "closed");
        body.put("externalId", "hostile-" + n);
        return body;
    }

    private ObjectNode turn() {
        return NODES.objectNode().put("role", random.nextBoolean() ? "customer" : "agent").put("text", words(4))
                .put("at", "2026-11-24T12:00:00Z");
    }

    private String words(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    /** A value of another JSON type than {@code kind} (s string, o object, a array, i integer, n number). */
    private JsonNode wrongValue(String kind) {
        List<JsonNode> candidates = new ArrayList<>(List.of(NODES.booleanNode(random.nextBoolean()),
                NODES.arrayNode().add(1)));
        if (!kind.equals("s")) {
            candidates.add(NODES.textNode("12"));
        }
        if (!kind.equals("i") && !kind.equals("n")) {
            candidates.add(NODES.numberNode(42));
        }
        if (kind.equals("i")) {
            candidates.add(NODES.numberNode(1.5));
        }
        if (!kind.equals("o")) {
            candidates.add(NODES.objectNode().put("value", "x"));
        }
        if (kind.equals("a")) {
            candidates.remove(1);
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    /** Sets a path such as {@code contact.name} or {@code turns[0].text}. */
    private static void set(ObjectNode body, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = body;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) child(parent, parts[i]);
        }
        String last = parts[parts.length - 1];
        if (last.endsWith("]")) {
            ((ArrayNode) parent.get(last.substring(0, last.indexOf('[')))).set(0, value);
        } else {
            parent.set(last, value);
        }
    }

    private static void remove(ObjectNode body, String path) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? body : (ObjectNode) child(body, path.substring(0, dot));
        parent.remove(path.substring(dot + 1));
    }

    private static JsonNode child(ObjectNode parent, String part) {
        return part.endsWith("]") ? parent.get(part.substring(0, part.indexOf('['))).get(0) : parent.get(part);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
