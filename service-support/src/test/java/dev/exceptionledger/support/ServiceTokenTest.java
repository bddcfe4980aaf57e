package dev.exceptionledger.support;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServiceTokenTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void keepsATokenUntilShortlyBeforeItExpires() {
        ServiceToken token = new ServiceToken(() -> new ServiceToken.Token("t" + fetches.incrementAndGet(),
                now.get().plus(Duration.ofMinutes(5))), clock);

        assertEquals("t1", token.get());
        now.set(now.get().plus(Duration.ofMinutes(5)).minus(ServiceToken.RENEW_BEFORE).minusMillis(1));
        assertEquals("t1", token.get(), "still valid for more than the margin");
        now.set(now.get().plusMillis(1));
        assertEquals("t2", token.get(), "renewed " + ServiceToken.RENEW_BEFORE + " before it expires");
        assertEquals(2, fetches.get());
    }

    @Test
    void fetchesAnotherOnceTheServiceRefusedIt() {
        ServiceToken token = new ServiceToken(() -> new ServiceToken.Token("t" + fetches.incrementAndGet(),
                now.get().plus(Duration.ofMinutes(5))), clock);
        assertEquals("t1", token.get());

        token.invalidate();

        assertEquals("t2", token.get());
    }

    @Test
    void usesATokenWithoutExpiryForAMinuteAndAShortLivedOneOnce() {
        ServiceToken unknown = new ServiceToken(() -> new ServiceToken.Token("u" + fetches.incrementAndGet(), null),
                clock);
        assertEquals("u1", unknown.get());
        now.set(now.get().plus(ServiceToken.UNKNOWN_LIFETIME).minus(ServiceToken.RENEW_BEFORE).minusMillis(1));
        assertEquals("u1", unknown.get());
        now.set(now.get().plusMillis(1));
        assertEquals("u2", unknown.get());

        ServiceToken shortLived = new ServiceToken(() -> new ServiceToken.Token("s" + fetches.incrementAndGet(),
                now.get().plusSeconds(5)), clock);
        assertEquals("s3", shortLived.get());
        assertEquals("s4", shortLived.get(), "a token that expires within the margin is not kept");
    }

    @Test
    void aFailedFetchPassesThroughAndIsTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        ServiceToken token = new ServiceToken(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("identity provider down");
            }
            return new ServiceToken.Token("t", null);
        }, clock);

        assertThrows(IllegalStateException.class, token::get);
        assertEquals("t", token.get());
    }
}
