package dev.exceptionledger.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The one rule for personal data in an event payload (or any copy of one): which values are personal, and whose
 * they are. Whoever keeps a copy seals these values under the subject's key (the ledger) or drops them when the
 * subject is erased (review); everything else (intent, scores, reason codes, team, company and its size, channel,
 * versions) is not personal and stays readable.
 * <p>
 * Personal:
 * <ul>
 *   <li>in every interaction-shaped object (one holding a {@code contact} object, or with a {@code channel} and any
 *   of {@code text}, {@code subject}, {@code turns}), wherever it is nested: its {@code text}, {@code subject} and
 *   {@code question}, its contact's {@code name}, {@code email}, {@code title} and {@code phone}, and every turn's
 *   {@code text};</li>
 *   <li>anywhere in a payload, text derived from those or written about the person: {@code evidence} (a value
 *   signal's, a shadow comparison's), {@code reasons}, {@code explanation} (routing's, a handoff's, a review item's)
 *   and {@code note} (a reviewer's, an outcome's), as a string or an array of strings;</li>
 *   <li>a reviewer's correction (an object with a {@code correctIntent}, {@link ClassifierFeedback}): its
 *   {@code text}, the interaction's own words.</li>
 * </ul>
 * Not personal: a classification's {@code nearest[].text}, the taxonomy's own examples (one learned from a correction
 * is never quoted, {@link NearestExample}).
 * The subject, its {@code contactId} (64 lowercase hex characters), is the SHA-256 of
 * {@code "email:" + lowercase(trim(email))} when the contact has an email, else of
 * {@code "name:" + normalised name + "|" + normalised company} (lowercase, trimmed, single spaces), else of
 * {@code "interaction:" + interactionId}, so text without a contact can still be erased per interaction.
 */
public final class PersonalFields {
    private PersonalFields() { }

    /** What an erased value reads as. */
    public static final String ERASED = "[erased]";

    private static final List<String> INTERACTION_TEXT = List.of("text", "subject", "question");
    private static final List<String> CONTACT = List.of("name", "email", "title", "phone");
    private static final List<String> DERIVED = List.of("evidence", "reasons", "explanation", "note");
    private static final Pattern CONTACT_ID = Pattern.compile("[0-9a-f]{64}");

    /** Whether the value is a contactId: 64 lowercase hex characters. */
    public static boolean isContactId(String value) {
        return value != null && CONTACT_ID.matcher(value).matches();
    }

    public static String contactIdOfEmail(String email) {
        return sha256Hex("email:" + email.trim().toLowerCase(Locale.ROOT));
    }

    /** The subject of a payload without a contact of its own: the interaction. */
    public static String contactIdOfInteraction(String interactionId) {
        return sha256Hex("interaction:" + interactionId);
    }

    /** The subject of the first interaction-shaped object in the payload; empty when it holds none. */
    public static Optional<String> contactIdOf(JsonNode node, String interactionId) {
        if (node == null) {
            return Optional.empty();
        }
        if (isInteraction(node)) {
            JsonNode contact = node.path("contact");
            String email = text(contact, "email");
            if (email != null) {
                return Optional.of(contactIdOfEmail(email));
            }
            String name = text(contact, "name");
            if (name != null) {
                return Optional.of(sha256Hex("name:" + normalise(name) + "|" + normalise(text(contact, "company"))));
            }
            return Optional.of(contactIdOfInteraction(interactionId));
        }
        for (JsonNode child : node) {
            Optional<String> found = contactIdOf(child, interactionId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Whether the payload holds any personal value. */
    public static boolean holdsAny(JsonNode payload) {
        boolean[] found = {false};
        replace(payload, value -> {
            found[0] = true;
            return value;
        });
        return found[0];
    }

    /**
     * Replaces every personal value (a string) in place by what {@code change} makes of it; a value it returns
     * unchanged (the same instance) is left as it is.
     */
    public static void replace(JsonNode payload, UnaryOperator<String> change) {
        if (payload == null || !payload.isContainerNode()) {
            return;
        }
        if (payload.isObject()) {
            ObjectNode node = (ObjectNode) payload;
            if (isInteraction(node)) {
                INTERACTION_TEXT.forEach(field -> replaceValue(node, field, change));
                if (node.path("contact").isObject()) {
                    ObjectNode contact = (ObjectNode) node.get("contact");
                    CONTACT.forEach(field -> replaceValue(contact, field, change));
                }
                for (JsonNode turn : node.path("turns")) {
                    if (turn.isObject()) {
                        replaceValue((ObjectNode) turn, "text", change);
                    }
                }
            }
            DERIVED.forEach(field -> replaceValue(node, field, change));
            if (node.has("correctIntent")) {
                replaceValue(node, "text", change);
            }
        }
        for (JsonNode child : payload) {
            // the interaction nested in a classification or a handoff, value signals, a shadow comparison
            replace(child, change);
        }
    }

    private static void replaceValue(ObjectNode node, String field, UnaryOperator<String> change) {
        JsonNode value = node.get(field);
        if (value == null) {
            return;
        }
        if (value.isTextual()) {
            String changed = change.apply(value.asText());
            if (changed != value.asText()) {
                node.set(field, TextNode.valueOf(changed));
            }
        } else if (value.isArray()) {
            ArrayNode array = (ArrayNode) value;
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    String element = array.get(i).asText();
                    String changed = change.apply(element);
                    if (changed != element) {
                        array.set(i, TextNode.valueOf(changed));
                    }
                }
            }
        }
    }

    /** An object that is an interaction, or the part of a handoff that summarises one. */
    public static boolean isInteraction(JsonNode node) {
        return node.isObject() && (node.path("contact").isObject()
                || node.has("channel") && (node.has("text") || node.has("subject") || node.has("turns")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String normalise(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
