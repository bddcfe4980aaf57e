package dev.exceptionledger.ledger.api;

import java.time.Instant;

/**
 * Funnel counts over interactions that happened in [{@code from}, {@code to}) (an imported one at its original time,
 * live traffic when first seen); either bound may be null (open). {@code imported}, when given, narrows it to
 * imported history (true) or live traffic (false); {@code channel}, {@code intent} and {@code team} (the latest
 * routing team) to those; {@code externalIdPrefix} to the interactions whose externalId starts with it (one batch of a
 * sender's traffic, such as one run of the local demo).
 */
public record FetchFunnelQuery(Instant from, Instant to, Boolean imported, String channel, String intent,
                               String team, String externalIdPrefix) {

    /** All traffic, live and imported. */
    public FetchFunnelQuery(Instant from, Instant to, String channel, String intent, String team) {
        this(from, to, null, channel, intent, team, null);
    }
}
