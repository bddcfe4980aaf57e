package dev.exceptionledger.ledger.api;

import java.time.Instant;
import java.util.List;

/**
 * What the ledger knows of a subject (a contact): whether it was erased, and where its personal values are.
 *
 * @param status         for an erasure request ERASED, ALREADY_ERASED or NOT_FOUND (nothing recorded); for a look-up
 *                       ACTIVE or ERASED
 * @param eventId        the SubjectErased fact's eventId, once erased
 * @param knownSince     when the ledger first saw the subject (its key's creation)
 * @param events         how many ledger events carry its personal values
 * @param interactionIds the interactions they belong to
 * @param copies         every copy of those values this suite keeps, and whether the erasure reaches it
 */
public record SubjectReport(String contactId, String status, String eventId, Instant knownSince, Instant erasedAt,
                            long events, List<String> interactionIds, List<Copy> copies) {

    /**
     * @param service  the service that keeps the copy
     * @param where    its store, or the topic it published the events on
     * @param events   how many of the subject's events (for a topic: as the ledger recorded them from it)
     * @param erasable whether the erasure reaches the copy (sealed under the subject's key, or dropped on erasure);
     *                 for a topic's records, whether their producer sealed every one of them (else those it did not
     *                 seal stay readable until the topic's retention removes them)
     */
    public record Copy(String service, String where, Long events, boolean erasable) {
    }
}
