package dev.exceptionledger.contracts;

import java.time.Instant;

/**
 * A handoff that could not be delivered to its team's webhook after every retry. The handoff itself is still on
 * {@link Topics#HANDOFFS_REQUESTED} (and in the review queue); this records that the team's own system never got it.
 *
 * @param handoffEventId the eventId of the {@link HandoffRequested} that was not delivered
 * @param endpoint       the webhook's scheme, host and path (never its query, which may hold credentials)
 * @param attempts       how many deliveries were tried
 * @param lastError      the last attempt's HTTP status or error
 */
public record HandoffDeliveryFailed(
        String team,
        String handoffEventId,
        String endpoint,
        int attempts,
        String lastError,
        Instant firstAttemptAt,
        Instant failedAt) {

    public static final String TYPE = "HandoffDeliveryFailed";
}
