package dev.exceptionledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.exceptionledger.contracts.PersonalFields;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Personal values sealed with their subject's key (AES-256-GCM, a random IV per value, {@code enc:<base64>}), so that
 * destroying the key erases every copy at once (crypto-shredding). Which values are personal is the contracts' one
 * rule, {@link PersonalFields}; a sealed value stays a string where it was, each reason or piece of evidence on its
 * own, so payloads keep their shape.
 */
public final class PersonalSeal {
    private PersonalSeal() { }

    /** What a value reads as once its key is gone. */
    public static final String ERASED = PersonalFields.ERASED;
    public static final String PREFIX = "enc:";
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

    /**
     * Seals every personal value of the payload in place, those not sealed or erased already; with no key (the subject
     * was erased) they become {@link #ERASED}.
     */
    public static void sealAll(JsonNode payload, SecretKey key) {
        PersonalFields.replace(payload, value -> isSealed(value) || ERASED.equals(value) ? value : seal(value, key));
    }

    /**
     * Opens every sealed value in place, wherever it is, or marks it {@link #ERASED} when the key is gone.
     *
     * @return whether any was erased
     */
    public static boolean openAll(JsonNode node, SecretKey key) {
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
                    erased |= openAll(field.getValue(), key);
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                if (isSealed(array.get(i))) {
                    String clear = open(array.get(i).asText(), key);
                    array.set(i, TextNode.valueOf(clear == null ? ERASED : clear));
                    erased |= clear == null;
                } else {
                    erased |= openAll(array.get(i), key);
                }
            }
        }
        return erased;
    }

    /** Whether any string in the tree is a sealed value. */
    public static boolean holdsSealed(JsonNode node) {
        if (isSealed(node)) {
            return true;
        }
        for (JsonNode child : node) {
            if (holdsSealed(child)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isSealed(String value) {
        return value.startsWith(PREFIX);
    }

    private static boolean isSealed(JsonNode value) {
        return value.isTextual() && isSealed(value.asText());
    }

    /** The value sealed with the key; {@link #ERASED} without one. */
    public static String seal(String value, SecretKey key) {
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
            throw new IllegalStateException("cannot encrypt a personal value", e);
        }
    }

    /**
     * The clear text of a sealed value; null when the key is gone; the value itself when it does not open with this
     * key (a value that merely starts with the prefix).
     */
    public static String open(String sealed, SecretKey key) {
        if (key == null) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return sealed;
        }
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

    /** The key of these bytes; null (erased) for null. */
    public static SecretKey key(byte[] secret) {
        return secret == null ? null : new SecretKeySpec(secret, "AES");
    }
}
