package dev.exceptionledger.routing.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

/** How handoffs are signed for, and retried against, a team's webhook. */
public final class Webhooks {

    /** The header carrying {@link #signature}; receivers recompute it over the raw body with the shared secret. */
    public static final String SIGNATURE_HEADER = "X-Exledger-Signature";
    /** The handoff's eventId, so a receiver drops a redelivered copy. */
    public static final String EVENT_ID_HEADER = "X-Exledger-Event-Id";

    private Webhooks() { }

    /** {@code sha256=} and the hex HMAC-SHA256 of the body under the team's secret. */
    public static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The wait before retry {@code n} (1-based): the initial backoff, doubled each time. */
    public static Duration backoff(Duration initial, int n) {
        return initial.multipliedBy(1L << Math.min(n - 1, 20));
    }

    /** Whether a status is worth retrying: server errors, throttling and timeouts; a 4xx is the request's fault. */
    public static boolean retryable(int status) {
        return status >= 500 || status == 429 || status == 408;
    }
}
