package dev.exceptionledger.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * This service's own access token (its service account's, by client credentials), fetched when first needed and
 * again shortly before it expires. Thread-safe; the token is never logged.
 */
final class ServiceToken {

    /** A token is renewed this long before it expires, so one sent is still valid when it arrives. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(30);
    /** A token without an expiry is used this long. */
    static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(1);

    /** @param expiresAt null when the provider did not say */
    record Token(String value, Instant expiresAt) {
    }

    private final Supplier<Token> fetch;
    private final Clock clock;
    private Token current;
    private Instant renewAt;

    ServiceToken(Supplier<Token> fetch, Clock clock) {
        this.fetch = fetch;
        this.clock = clock;
    }

    /** A valid token: the one held, or a new one (the fetch's exceptions pass through). */
    synchronized String get() {
        Instant now = clock.instant();
        if (current == null || !now.isBefore(renewAt)) {
            Token fetched = fetch.get();
            Instant expiresAt = fetched.expiresAt() == null ? now.plus(UNKNOWN_LIFETIME) : fetched.expiresAt();
            Instant renew = expiresAt.minus(RENEW_BEFORE);
            current = fetched;
            // a token that lives less than the margin is used once
            renewAt = renew.isAfter(now) ? renew : now;
        }
        return current.value();
    }

    /** Drops the token held (the service refused it), so the next {@link #get} fetches another. */
    synchronized void invalidate() {
        current = null;
    }
}
