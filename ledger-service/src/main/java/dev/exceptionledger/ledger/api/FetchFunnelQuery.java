package dev.exceptionledger.ledger.api;

import java.time.Instant;

/**
 * Funnel counts over interactions first seen in [{@code from}, {@code to}); either bound may be null (open).
 * {@code channel}, {@code intent} and {@code team} (the latest routing team), when given, narrow it to those.
 */
public record FetchFunnelQuery(Instant from, Instant to, String channel, String intent, String team) {
}
