package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Something reached intake and was refused. It still counts in the funnel's denominator.
 *
 * @param reason     a stable code, e.g. invalid-json, validation-failed, unsupported-media-type
 * @param bodyBytes  size of what was sent
 * @param externalId the sender's id when it could be read, else null
 */
public record InteractionRejected(
        String reason,
        String detail,
        List<Violation> violations,
        String channel,
        String externalId,
        long bodyBytes,
        Instant receivedAt) {

    public static final String TYPE = "InteractionRejected";
}
