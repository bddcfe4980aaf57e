package dev.exceptionledger.ledger.api;

import java.time.Instant;

/**
 * Funnel counts over interactions first seen in [{@code from}, {@code to}); either bound may be null (open).
 */
public record FetchFunnelQuery(Instant from, Instant to) {
}
