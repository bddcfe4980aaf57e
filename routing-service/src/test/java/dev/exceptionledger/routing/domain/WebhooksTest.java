package dev.exceptionledger.routing.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhooksTest {

    @Test
    void signsTheBodyWithHmacSha256() {
        // RFC 4231 test case 2
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Webhooks.signature("Jefe", "what do ya want for nothing?"));
    }

    @Test
    void doublesTheBackoffForEachRetry() {
        Duration initial = Duration.ofMillis(500);
        assertEquals(Duration.ofMillis(500), Webhooks.backoff(initial, 1));
        assertEquals(Duration.ofSeconds(1), Webhooks.backoff(initial, 2));
        assertEquals(Duration.ofSeconds(4), Webhooks.backoff(initial, 4));
    }

    @Test
    void retriesServerErrorsAndThrottlingButNotABadRequest() {
        assertTrue(Webhooks.retryable(503));
        assertTrue(Webhooks.retryable(429));
        assertFalse(Webhooks.retryable(400));
        assertFalse(Webhooks.retryable(404));
    }
}
