package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A subject's key was destroyed: its personal values, sealed under that key wherever they are, read as erased from
 * now on. Recorded by the ledger (on the ledger {@code subject-<contactId>}) and published on
 * {@link Topics#SUBJECTS_ERASED}, keyed by {@code subject-<contactId>}, so that services holding copies of their own
 * (review by interaction, routing's verdict notes by review) drop them.
 *
 * @param interactionIds the interactions whose events carried the subject's personal values
 * @param reviewIds      the verdicts recorded on those interactions (their notes are about the subject)
 * @param events         how many ledger events carried them
 */
public record SubjectErased(String contactId, String requestedBy, Instant erasedAt, List<String> interactionIds,
                            List<String> reviewIds, Long events) {

    public static final String TYPE = "SubjectErased";

    /**
     * Every key the erasure destroyed: the contact's and, for text about it that arrived before its contact did,
     * each of its interactions' own.
     */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add(contactId);
        if (interactionIds != null) {
            interactionIds.forEach(id -> keys.add(PersonalFields.contactIdOfInteraction(id)));
        }
        return keys;
    }

    /** The ledger whose stream holds a subject's erasure: also the record key on the topic. */
    public static String ledgerOf(String contactId) {
        return "subject-" + contactId;
    }
}
