package dev.exceptionledger.intake.domain;

import dev.exceptionledger.contracts.Violation;

import java.util.List;

/**
 * A refused input and what the sender must change.
 *
 * @param channel    the input's channel when it could be read and is a known one, else null
 * @param externalId the sender's id when it could be read, else null
 */
public record Rejection(RejectionReason reason, String detail, List<Violation> violations, String channel,
                        String externalId) {

    public Rejection {
        violations = List.copyOf(violations);
    }

    public static Rejection of(RejectionReason reason, String detail) {
        return new Rejection(reason, detail, List.of(), null, null);
    }
}
