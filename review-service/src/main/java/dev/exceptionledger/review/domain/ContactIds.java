package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.PersonalFields;

/**
 * How a contact is found by email without keeping a second copy of it: the subject id the ledger computes from an
 * email (contracts' {@link PersonalFields#contactIdOfEmail}), stored on items and asked for with the hash of the
 * address a reviewer types.
 */
public final class ContactIds {
    private ContactIds() { }

    /** The id of the interaction's contact by email; null when it gives no email. */
    public static String of(InteractionReceived interaction) {
        if (interaction == null || interaction.contact() == null) {
            return null;
        }
        return ofEmail(interaction.contact().email());
    }

    /** The id an email address names; null for none. */
    public static String ofEmail(String email) {
        return email == null || email.isBlank() ? null : PersonalFields.contactIdOfEmail(email);
    }
}
