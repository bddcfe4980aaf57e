package dev.exceptionledger.contracts;

import java.time.Instant;

/**
 * An interaction an audit sampling run picked for review (on {@code reviews.recorded}, keyed by the interaction).
 *
 * @param runId          the run; its {@link AuditRunCompleted} is keyed by {@code audit-run-<runId>}
 * @param routingOutcome AGENT_HANDLED or DISCARDED: what routing decided
 * @param stratum        routing outcome, intent and reason, e.g. {@code DISCARDED/spam/OUT_OF_SCOPE}
 * @param why            {@code SAMPLED} (at the stratum's rate) or {@code NOVEL} (every novel agent-handled one)
 * @param reviewItemId   the audit queue's item
 */
public record AuditSampleDrawn(
        String runId,
        RoutingOutcome routingOutcome,
        String intent,
        String reason,
        String stratum,
        String why,
        String reviewItemId,
        Instant drawnAt) {

    public static final String TYPE = "AuditSampleDrawn";
}
