package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.List;

/**
 * One audit sampling run (on {@code reviews.recorded}, interactionId {@code audit-run-<runId>}): what it looked at
 * and how much it picked from each stratum. Each pick is an {@link AuditSampleDrawn} with the same runId.
 *
 * @param windowFrom  exclusive: interactions routed after the previous run's {@code windowTo}
 * @param windowTo    inclusive
 * @param rate        the configured share sampled from each stratum (at least one per non-empty stratum)
 * @param seed        the random seed, so the draw can be repeated
 * @param population  agent-handled and discarded interactions in the window
 */
public record AuditRunCompleted(
        String runId,
        String trigger,
        Instant windowFrom,
        Instant windowTo,
        double rate,
        long seed,
        int population,
        int picked,
        int novelPicked,
        List<AuditStratum> strata,
        Instant startedAt,
        Instant completedAt) {

    public static final String TYPE = "AuditRunCompleted";

    /** The prefix of the run's interactionId in the ledger. */
    public static final String INTERACTION_PREFIX = "audit-run-";
}
