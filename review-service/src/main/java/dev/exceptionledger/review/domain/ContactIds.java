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

    /**
     * The subject whose key seals what is written about an interaction (a verdict's note, an outcome's): its contact's
     * ({@code contactId}, as its events named it) or, when none is known, the interaction's own.
     */
    public static String subjectOf(String contactId, String interactionId) {
        return contactId != null ? contactId : PersonalFields.contactIdOfInteraction(interactionId);
    }

    /** The id an email address names; null for none. */
    public static String ofEmail(String email) {
        return email == null || email.isBlank() ? null : PersonalFields.contactIdOfEmail(email);
    }
}
