package dev.exceptionledger.console.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The ledger's subject id for a contact (ledger-service README, "Personal data and erasure"): a contactId as it is
 * (64 lowercase hex characters), or for an email SHA-256 of {@code "email:" + lowercase(trim(email))}.
 */
public final class ContactId {
    private ContactId() { }

    public static String of(String contact) {
        if (contact == null || contact.isBlank()) {
            throw new IllegalArgumentException("give the contact's email or its contactId (64 hex characters)");
        }
        String value = contact.strip();
        if (value.matches("[0-9a-f]{64}")) {
            return value;
        }
        if (!value.contains("@")) {
            throw new IllegalArgumentException("'" + value + "' is neither an email nor a contactId (64 hex characters)");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("email:" + value.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
