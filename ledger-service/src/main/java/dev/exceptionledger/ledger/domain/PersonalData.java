package dev.exceptionledger.ledger.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.support.PersonalSeal;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.util.Optional;

/**
 * Personal values of an event as the ledger stores them: sealed with the subject's key ({@link PersonalSeal}; values
 * that producers sealed already stay as they came), so that destroying the key erases them without touching the
 * stored event (crypto-shredding). Besides the contracts' rule ({@link PersonalFields}): a dead letter's
 * {@code rawValue} as a whole, whose subject is the contact of the envelope in it.
 */
public final class PersonalData {
    private PersonalData() { }

    /** How a sealed value starts in the stored JSON text. */
    private static final String SEALED_VALUE = "\"" + PersonalSeal.PREFIX;

    /** The event's subject; empty when it holds nothing personal. */
    public static Optional<String> subjectOf(String type, JsonNode payload, String interactionId) {
        if (payload == null) {
            return Optional.empty();
        }
        if ("MessageDeadLettered".equals(type)) {
            if (!payload.path("rawValue").isTextual()) {
                return Optional.empty();
            }
            // the raw value is usually an envelope: the subject it names, else its contact's
            try {
                JsonNode raw = Json.mapper().readTree(payload.get("rawValue").asText());
                if (PersonalFields.isContactId(raw.path("subject").asText(null))) {
                    return Optional.of(raw.get("subject").asText());
                }
                return Optional.of(PersonalFields.contactIdOf(raw, interactionId)
                        .orElse(PersonalFields.contactIdOfInteraction(interactionId)));
            } catch (Exception e) {
                return Optional.of(PersonalFields.contactIdOfInteraction(interactionId));
            }
        }
        return PersonalFields.contactIdOf(payload, interactionId);
    }

    /**
     * Encrypts the personal fields in place; with no key (the subject was erased before this event arrived) they
     * are stored as erased.
     */
    public static void protect(String type, JsonNode payload, SecretKey key) {
        if ("MessageDeadLettered".equals(type)) {
            if (payload.path("rawValue").isTextual()) {
                ((ObjectNode) payload).put("rawValue", PersonalSeal.seal(payload.get("rawValue").asText(), key));
            }
            return;
        }
        PersonalSeal.sealAll(payload, key);
    }

    /**
     * Writes a stored payload to {@code out} with its sealed values opened, or erased when the key is gone, token
     * by token without building a tree (the replay's path; {@link PersonalSeal#openAll} does the same on a tree).
     *
     * @return whether any was erased
     */
    public static boolean revealTo(String payload, SecretKey key, JsonGenerator out) throws IOException {
        return onlySealedValuesLookSealed(payload) ? revealByScan(payload, key, out) : revealByParser(payload, key, out);
    }

    /**
     * Whether every {@code "enc:} in the text is a whole string value, an object's ({@code :"enc:...}) or an array
     * element ({@code ["enc:...} or {@code ,"enc:...}), without an escape in it. In compact JSON, which the ledger
     * stores, an unescaped quote after one of those characters opens a string, and a string not followed by a colon
     * is a value, so those are exactly the values {@link #revealByParser} would open; anything else (a key like that,
     * whitespace, an escape inside) takes the parser.
     */
    private static boolean onlySealedValuesLookSealed(String payload) {
        for (int at = payload.indexOf(SEALED_VALUE); at >= 0; at = payload.indexOf(SEALED_VALUE, at + 1)) {
            int end = payload.indexOf('"', at + SEALED_VALUE.length());
            if (at == 0 || ":[,".indexOf(payload.charAt(at - 1)) < 0 || end < 0
                    || payload.lastIndexOf('\\', end) > at
                    || end + 1 < payload.length() && payload.charAt(end + 1) == ':') {
                return false;
            }
        }
        return true;
    }

    /** The text as it is, but with each sealed value replaced by its clear text: a third of the parser's CPU. */
    private static boolean revealByScan(String payload, SecretKey key, JsonGenerator out) throws IOException {
        int at = payload.indexOf(SEALED_VALUE);
        if (at < 0) {
            out.writeRawValue(payload);
            return false;
        }
        boolean erased = false;
        out.writeRawValue(payload, 0, at);
        while (at >= 0) {
            int end = payload.indexOf('"', at + SEALED_VALUE.length());
            String clear = PersonalSeal.open(payload.substring(at + 1, end), key);
            erased |= clear == null;
            char[] quoted = JsonStringEncoder.getInstance().quoteAsString(clear == null ? PersonalSeal.ERASED : clear);
            out.writeRaw('"');
            out.writeRaw(quoted, 0, quoted.length);
            out.writeRaw('"');
            int next = payload.indexOf(SEALED_VALUE, end + 1);
            out.writeRaw(payload, end + 1, (next < 0 ? payload.length() : next) - end - 1);
            at = next;
        }
        return erased;
    }

    private static boolean revealByParser(String payload, SecretKey key, JsonGenerator out) throws IOException {
        boolean erased = false;
        try (JsonParser in = Json.mapper().getFactory().createParser(payload)) {
            for (JsonToken token = in.nextToken(); token != null; token = in.nextToken()) {
                String text = token == JsonToken.VALUE_STRING ? in.getText() : null;
                if (text != null && PersonalSeal.isSealed(text)) {
                    String clear = PersonalSeal.open(text, key);
                    out.writeString(clear == null ? PersonalSeal.ERASED : clear);
                    erased |= clear == null;
                } else {
                    out.copyCurrentEvent(in);
                }
            }
        }
        return erased;
    }
}
