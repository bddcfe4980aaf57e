package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Something reached intake and was refused. It still counts in the funnel's denominator.
 *
 * @param reason     a stable code, e.g. invalid-json, validation-failed, unsupported-media-type
 * @param bodyBytes  size of what was sent
 * @param externalId the sender's id when it could be read, else null
 * @param importId   the import whose line this was ({@code POST /imports}), null for live traffic
 * @param importLine that line's number in the import's file
 */
public record InteractionRejected(
        String reason,
        String detail,
        List<Violation> violations,
        String channel,
        String externalId,
        long bodyBytes,
        Instant receivedAt,
        String importId,
        Long importLine) {

    public static final String TYPE = "InteractionRejected";

    /** A refusal of live traffic. */
    public InteractionRejected(String reason, String detail, List<Violation> violations, String channel,
                               String externalId, long bodyBytes, Instant receivedAt) {
        this(reason, detail, violations, channel, externalId, bodyBytes, receivedAt, null, null);
    }
}
