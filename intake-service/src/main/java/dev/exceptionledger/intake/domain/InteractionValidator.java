package dev.exceptionledger.intake.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Channels;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.support.StrictJson;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one validation of an interaction, whether it came over HTTP or the ingress topic. It reads the raw bytes
 * itself (strict UTF-8, strict JSON) and walks the tree by hand, so it can report every violation at once with
 * its field path instead of stopping at the first binding error, and so it notices fields it would otherwise drop.
 */
public final class InteractionValidator {
    private InteractionValidator() { }

    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_SUBJECT = 500;
    public static final int MAX_ID = 200;
    public static final int MAX_CONTACT_FIELD = 200;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_LABEL = 200;
    public static final int MAX_TURNS = 200;
    /** A rejection lists at most this many violations, so its event stays small whatever was sent. */
    public static final int MAX_LISTED_VIOLATIONS = 50;

    public static final List<String> TURN_ROLES = List.of("customer", "agent");

    private static final List<String> FIELDS =
            List.of("channel", "subject", "text", "contact", "turns", "agentDecision", "externalId");
    private static final List<String> CONTACT_FIELDS = List.of("name", "email", "title", "company", "companySize");
    private static final List<String> TURN_FIELDS = List.of("role", "text", "at");
    private static final List<String> DECISION_FIELDS = List.of("label", "confidence", "action");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    /**
     * @param idempotencyKey the caller's key (HTTP header or Kafka record header), or null
     * @param receivedAt     when intake received the input
     * @param agentActions   maps the agent's action onto its canonical one
     */
    public static Validation validate(byte[] body, String idempotencyKey, Instant receivedAt,
                                      AgentActions agentActions) {
        if (body.length > MAX_BODY_BYTES) {
            return new Validation.Invalid(tooLarge(body.length));
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new Validation.Invalid(Rejection.of(RejectionReason.INVALID_JSON,
                    "the body is not valid UTF-8: send JSON encoded as UTF-8"));
        }
        JsonNode root;
        try {
            // duplicate keys and trailing content are refused, not silently dropped
            root = StrictJson.readTree(json);
        } catch (JsonProcessingException e) {
            return new Validation.Invalid(Rejection.of(RejectionReason.INVALID_JSON,
                    StrictJson.violation(e).message()));
        }
        if (root == null || root.isMissingNode()) {
            return new Validation.Invalid(Rejection.of(RejectionReason.INVALID_JSON,
                    "the body is empty: send a JSON object with at least channel and text"));
        }
        Checker check = new Checker();
        if (!root.isObject()) {
            check.add("$", "the body must be a JSON object, not " + StrictJson.describe(root));
            return check.rejection(null, null);
        }

        check.unknownFields(root, "", FIELDS);
        String channel = check.token(root, "channel", "", Channels.ALL, true);
        String subject = check.string(root, "subject", "", false, false, MAX_SUBJECT);
        String text = check.string(root, "text", "", true, true, MAX_TEXT);
        Contact contact = contact(root, check);
        List<ConversationTurn> turns = turns(root, check);
        AgentDecision sent = agentDecision(root, check);
        String externalId = check.string(root, "externalId", "", false, true, MAX_ID);
        if (idempotencyKey != null) {
            check.text("Idempotency-Key", idempotencyKey, true, MAX_ID);
        }
        if (!check.violations.isEmpty()) {
            return check.rejection(readable(root, "channel"), readable(root, "externalId"));
        }
        // the hash covers what was sent, not intake's mapping: keys stored before intake mapped actions still match
        // their replays, and a change of the table is no conflict
        InteractionReceived content = new InteractionReceived(
                channel, subject, text, contact, turns, sent, externalId, null, null);
        AgentDecision decision = sent == null ? null : new AgentDecision(sent.label(), sent.confidence(),
                sent.action(), agentActions.canonical(sent.action()));
        return new Validation.Valid(new InteractionReceived(channel, subject, text, contact, turns, decision,
                externalId, idempotencyKey, receivedAt), sha256(Json.write(content)));
    }

    public static Rejection tooLarge(long bodyBytes) {
        return Rejection.of(RejectionReason.BODY_TOO_LARGE, "the body has " + bodyBytes + " bytes; the limit is "
                + MAX_BODY_BYTES + " bytes (256 KB): shorten the text or send fewer turns");
    }

    private static Contact contact(JsonNode root, Checker check) {
        JsonNode node = check.object(root, "contact", "contact");
        if (node == null) {
            return null;
        }
        check.unknownFields(node, "contact.", CONTACT_FIELDS);
        // agents' exports write "" for an address they never had (a phone call, a voicemail): that is no address
        String given = check.string(node, "email", "contact.", false, false, MAX_EMAIL);
        String email = given == null || given.isBlank() ? null : given;
        if (email != null && !EMAIL.matcher(email).matches()) {
            check.add("contact.email", "must be an email address such as name@example.com");
        }
        return new Contact(
                check.string(node, "name", "contact.", false, false, MAX_CONTACT_FIELD),
                email,
                check.string(node, "title", "contact.", false, false, MAX_CONTACT_FIELD),
                check.string(node, "company", "contact.", false, false, MAX_CONTACT_FIELD),
                check.positiveInt(node, "companySize", "contact."));
    }

    private static List<ConversationTurn> turns(JsonNode root, Checker check) {
        JsonNode node = root.get("turns");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            check.add("turns", "must be an array of turns, not " + StrictJson.describe(node));
            return null;
        }
        if (node.size() > MAX_TURNS) {
            check.add("turns", "must have at most " + MAX_TURNS + " turns (has " + node.size()
                    + "): send only the latest ones");
        }
        List<ConversationTurn> turns = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "turns[" + i + "]";
            JsonNode turn = node.get(i);
            if (!turn.isObject()) {
                check.add(path, "must be an object with role, text and optionally at, not " + StrictJson.describe(turn));
                continue;
            }
            check.unknownFields(turn, path + ".", TURN_FIELDS);
            turns.add(new ConversationTurn(
                    check.token(turn, "role", path + ".", TURN_ROLES, true),
                    check.string(turn, "text", path + ".", true, true, MAX_TEXT),
                    check.instant(turn, "at", path + ".")));
        }
        return turns;
    }

    /** The decision as sent: the action in the agent's own words (trimmed), null when it sent none. */
    private static AgentDecision agentDecision(JsonNode root, Checker check) {
        JsonNode node = check.object(root, "agentDecision", "agentDecision");
        if (node == null) {
            return null;
        }
        check.unknownFields(node, "agentDecision.", DECISION_FIELDS);
        String label = check.string(node, "label", "agentDecision.", true, true, MAX_LABEL);
        Double confidence = check.probability(node, "confidence", "agentDecision.");
        String action = check.string(node, "action", "agentDecision.", false, true, MAX_LABEL);
        return new AgentDecision(label, confidence, action == null ? null : action.strip());
    }

    /** A top-level string worth carrying in a rejection: short, printable, and for channel a known one. */
    private static String readable(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        String s = value.textValue();
        boolean ok = field.equals("channel") ? Channels.ALL.contains(s)
                : !s.isBlank() && s.length() <= MAX_ID && controlCharacterAt(s) < 0;
        return ok ? s : null;
    }

    /** Index of the first control character other than tab, line feed and carriage return, or -1. */
    static int controlCharacterAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
        }
        return -1;
    }

    private static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Collects violations while reading the tree; each reader returns null for an absent or invalid value. */
    private static final class Checker {
        private final List<Violation> violations = new ArrayList<>();
        private int total;

        void add(String field, String message) {
            total++;
            if (violations.size() < MAX_LISTED_VIOLATIONS) {
                violations.add(new Violation(field, message));
            }
        }

        Validation rejection(String channel, String externalId) {
            List<Violation> listed = new ArrayList<>(violations);
            if (total > listed.size()) {
                listed.add(new Violation("$", (total - listed.size())
                        + " further violations are not listed: fix the listed ones and send again"));
            }
            String fields = violations.stream().map(Violation::field).distinct().collect(Collectors.joining(", "));
            String detail = "the interaction is invalid: fix " + (total == 1 ? "1 problem" : total + " problems")
                    + " (" + fields + ")";
            return new Validation.Invalid(
                    new Rejection(RejectionReason.VALIDATION_FAILED, detail, listed, channel, externalId));
        }

        void unknownFields(JsonNode node, String prefix, List<String> known) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!known.contains(field.getKey())) {
                    add(prefix + field.getKey(), StrictJson.unknownField(field.getKey(), known));
                }
            }
        }

        JsonNode object(JsonNode parent, String name, String path) {
            JsonNode value = parent.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isObject()) {
                add(path, "must be an object, not " + StrictJson.describe(value));
                return null;
            }
            return value;
        }

        String string(JsonNode parent, String name, String prefix, boolean required, boolean nonBlank, int max) {
            JsonNode value = textual(parent, name, prefix, required);
            return value == null || !text(prefix + name, value.textValue(), nonBlank, max) ? null : value.textValue();
        }

        String token(JsonNode parent, String name, String prefix, List<String> allowed, boolean required) {
            JsonNode value = textual(parent, name, prefix, required);
            if (value == null) {
                return null;
            }
            if (!allowed.contains(value.textValue())) {
                add(prefix + name, "must be one of " + String.join(", ", allowed));
                return null;
            }
            return value.textValue();
        }

        Instant instant(JsonNode parent, String name, String prefix) {
            JsonNode value = parent.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            try {
                if (value.isTextual()) {
                    return Instant.parse(value.textValue());
                }
            } catch (DateTimeParseException e) {
                // reported below, with what to send instead
            }
            add(prefix + name, "must be an ISO-8601 instant such as 2024-05-01T12:00:00Z");
            return null;
        }

        Integer positiveInt(JsonNode parent, String name, String prefix) {
            JsonNode value = parent.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber()) {
                add(prefix + name, "must be a whole number (without quotes), not " + StrictJson.describe(value));
            } else if (!value.canConvertToInt() || value.intValue() < 1) {
                add(prefix + name, "must be between 1 and " + Integer.MAX_VALUE);
            } else {
                return value.intValue();
            }
            return null;
        }

        Double probability(JsonNode parent, String name, String prefix) {
            JsonNode value = parent.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isNumber()) {
                add(prefix + name, "must be a number between 0 and 1, not " + StrictJson.describe(value));
            } else if (value.doubleValue() < 0 || value.doubleValue() > 1) {
                add(prefix + name, "must be between 0 and 1");
            } else {
                return value.doubleValue();
            }
            return null;
        }

        /** Checks a string's content; false if it violates a rule. */
        boolean text(String path, String value, boolean nonBlank, int max) {
            boolean ok = true;
            if (nonBlank && value.isBlank()) {
                add(path, "must not be blank");
                ok = false;
            }
            int length = value.codePointCount(0, value.length());
            if (length > max) {
                add(path, "must be at most " + max + " characters (has " + length + "): shorten it");
                ok = false;
            }
            int control = controlCharacterAt(value);
            if (control >= 0) {
                add(path, String.format("contains the control character U+%04X at index %d: remove it "
                        + "(only tab, line feed and carriage return are allowed)", (int) value.charAt(control), control));
                ok = false;
            }
            return ok;
        }

        private JsonNode textual(JsonNode parent, String name, String prefix, boolean required) {
            JsonNode value = parent.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    add(prefix + name, "is required");
                }
                return null;
            }
            if (!value.isTextual()) {
                add(prefix + name, "must be a string, not " + StrictJson.describe(value));
                return null;
            }
            return value;
        }
    }
}
