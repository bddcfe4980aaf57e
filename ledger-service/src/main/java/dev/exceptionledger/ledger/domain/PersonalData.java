package dev.exceptionledger.ledger.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Personal values of an event, encrypted with its subject's (the contact's) key so that destroying the key erases
 * them without touching the stored event (crypto-shredding). Which values are personal and whose they are is the
 * contracts' one rule, {@link PersonalFields}; here besides: a dead letter's {@code rawValue} as a whole, whose
 * subject is the contact of the envelope in it.
 */
public final class PersonalData {
    private PersonalData() { }

    /** What an erased field reads as. */
    public static final String ERASED = PersonalFields.ERASED;
    private static final String PREFIX = "enc:";
    /** How a sealed value starts in the stored JSON text. */
    private static final String SEALED_VALUE = "\"" + PREFIX;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Looking a cipher up costs more than using it; one per thread, initialised per value. */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is unavailable", e);
        }
    });

    /** The event's subject; empty when it holds nothing personal. */
    public static Optional<String> subjectOf(String type, JsonNode payload, String interactionId) {
        if (payload == null) {
            return Optional.empty();
        }
        if ("MessageDeadLettered".equals(type)) {
            if (!payload.path("rawValue").isTextual()) {
                return Optional.empty();
            }
            // the raw value is usually an envelope: its contact is the subject
            try {
                return Optional.of(PersonalFields.contactIdOf(Json.mapper().readTree(payload.get("rawValue").asText()),
                        interactionId).orElse(PersonalFields.contactIdOfInteraction(interactionId)));
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
                ((ObjectNode) payload).put("rawValue", seal(payload.get("rawValue").asText(), key));
            }
            return;
        }
        PersonalFields.replace(payload, value -> seal(value, key));
    }

    /** Decrypts every sealed value in place, or marks it erased when the key is gone; @return whether any was erased. */
    public static boolean reveal(JsonNode node, SecretKey key) {
        boolean erased = false;
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSealed(field.getValue())) {
                    String clear = open(field.getValue().asText(), key);
                    field.setValue(TextNode.valueOf(clear == null ? ERASED : clear));
                    erased |= clear == null;
                } else {
                    erased |= reveal(field.getValue(), key);
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                if (isSealed(array.get(i))) {
                    // a sealed reason or piece of evidence
                    String clear = open(array.get(i).asText(), key);
                    array.set(i, TextNode.valueOf(clear == null ? ERASED : clear));
                    erased |= clear == null;
                } else {
                    erased |= reveal(array.get(i), key);
                }
            }
        }
        return erased;
    }

    /**
     * Writes a stored payload to {@code out} with its sealed values opened, or erased when the key is gone, token
     * by token without building a tree (the replay's path; {@link #reveal} does the same on a tree).
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
            String clear = open(payload.substring(at + 1, end), key);
            erased |= clear == null;
            char[] quoted = JsonStringEncoder.getInstance().quoteAsString(clear == null ? ERASED : clear);
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
                if (text != null && text.startsWith(PREFIX)) {
                    String clear = open(text, key);
                    out.writeString(clear == null ? ERASED : clear);
                    erased |= clear == null;
                } else {
                    out.copyCurrentEvent(in);
                }
            }
        }
        return erased;
    }

    public static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256 is unavailable", e);
        }
    }

    public static SecretKey key(byte[] secret) {
        return secret == null ? null : new SecretKeySpec(secret, "AES");
    }

    private static boolean isSealed(JsonNode value) {
        return value.isTextual() && value.asText().startsWith(PREFIX);
    }

    private static String seal(String value, SecretKey key) {
        if (key == null) {
            return ERASED;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a personal field", e);
        }
    }

    /** @return null when the key is gone */
    private static String open(String sealed, SecretKey key) {
        if (key == null) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // not ours after all (a value that merely starts with the prefix): shown as stored
            return sealed;
        }
    }
}
