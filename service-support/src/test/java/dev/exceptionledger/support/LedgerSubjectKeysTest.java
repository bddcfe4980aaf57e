package dev.exceptionledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What LedgerSubjectKeys sends and makes of the answers; the calls to the real ledger are in e2e-tests. */
class LedgerSubjectKeysTest {

    private static final String A = PersonalFields.contactIdOfEmail("a@example.com");
    private static final String B = PersonalFields.contactIdOfEmail("b@example.com");

    @Test
    void asksForEachSubjectOnceInOneBody() throws Exception {
        JsonNode body = Json.mapper().readTree(LedgerSubjectKeys.request(List.copyOf(
                LedgerSubjectKeys.checked(List.of(A, B, A)))));

        assertEquals(List.of(A, B), Json.mapper().convertValue(body.get("subjects"), List.class));
        assertEquals(1, body.size());
    }

    @Test
    void refusesASubjectThatIsNoContactId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LedgerSubjectKeys.checked(List.of(A, "dana@example.com")));
        assertTrue(e.getMessage().contains("dana@example.com"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LedgerSubjectKeys.checked(List.of(A.toUpperCase())));
    }

    @Test
    void readsKeysAndErasedSubjects() {
        byte[] secret = new byte[32];
        secret[0] = 7;
        String body = "{\"keys\": {\"" + A + "\": \"" + Base64.getEncoder().encodeToString(secret) + "\", \"" + B
                + "\": null}}";

        Map<String, SecretKey> keys = LedgerSubjectKeys.answer(body, List.of(A, B));

        assertArrayEquals(secret, keys.get(A).getEncoded());
        assertEquals("AES", keys.get(A).getAlgorithm());
        assertTrue(keys.containsKey(B));
        assertNull(keys.get(B), "erased");
    }

    @Test
    void refusesAnAnswerThatLacksASubjectOrHoldsNoKey() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        SubjectKeysUnavailableException lacking = assertThrows(SubjectKeysUnavailableException.class,
                () -> LedgerSubjectKeys.answer("{\"keys\": {\"" + A + "\": \"" + key + "\"}}", List.of(A, B)));
        assertTrue(lacking.getMessage().contains(B), lacking.getMessage());

        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        SubjectKeysUnavailableException wrongSize = assertThrows(SubjectKeysUnavailableException.class,
                () -> LedgerSubjectKeys.answer("{\"keys\": {\"" + A + "\": \"" + shortKey + "\"}}", List.of(A)));
        assertFalse(wrongSize.getMessage().contains(shortKey), "no key material in a message");
        assertThrows(SubjectKeysUnavailableException.class,
                () -> LedgerSubjectKeys.answer("{\"keys\": {\"" + A + "\": \"not base64!\"}}", List.of(A)));
        assertThrows(SubjectKeysUnavailableException.class,
                () -> LedgerSubjectKeys.answer("{\"keys\": {\"" + A + "\": 42}}", List.of(A)));
        assertThrows(SubjectKeysUnavailableException.class, () -> LedgerSubjectKeys.answer("[]", List.of(A)));
        assertThrows(SubjectKeysUnavailableException.class, () -> LedgerSubjectKeys.answer("<html>", List.of(A)));
    }

    @Test
    void joinsTheLedgersUrlAndThePath() {
        assertEquals(URI.create("http://ledger-service:8084/ledger/subject-keys"),
                LedgerSubjectKeys.endpoint("http://ledger-service:8084/"));
        assertEquals(URI.create("http://127.0.0.1:8084/ledger/subject-keys"),
                LedgerSubjectKeys.endpoint(" http://127.0.0.1:8084"));
    }

    @Test
    void answersFromItsCacheWithoutACallAndAsksOnlyForTheRest() {
        AtomicInteger tokens = new AtomicInteger();
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), 100, System::nanoTime);
        SecretKey cached = KeyCacheTest.key(3);
        cache.put(Map.of(A, cached), cache.now());
        // no ledger configured: any call would fail
        LedgerSubjectKeys keys = new LedgerSubjectKeys(List.of(), new ServiceToken(() -> {
            tokens.incrementAndGet();
            return new ServiceToken.Token("t", null);
        }, Clock.systemUTC()), cache);

        assertSame(cached, keys.keysFor(List.of(A)).get(A));
        assertEquals(0, tokens.get(), "no token asked for before a call is needed");
        SubjectKeysUnavailableException e = assertThrows(SubjectKeysUnavailableException.class,
                () -> keys.keysFor(List.of(A, B)));
        assertTrue(e.getMessage().contains("exledger.subject-keys.url"), e.getMessage());
        assertEquals(Map.of(), keys.keysFor(List.of()));

        keys.forget(List.of(A));
        assertThrows(SubjectKeysUnavailableException.class, () -> keys.keysFor(List.of(A)), "forgotten: asked again");
    }

    @Test
    void aLedgerThatDoesNotAnswerIsUnavailableNotAPartialMap() {
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), 100, System::nanoTime);
        cache.put(Map.of(A, KeyCacheTest.key(3)), cache.now());
        // nothing listens on port 9 of this host (discard; closed on any build machine)
        LedgerSubjectKeys keys = new LedgerSubjectKeys(List.of(LedgerSubjectKeys.endpoint("http://127.0.0.1:9")),
                new ServiceToken(() -> new ServiceToken.Token("t", null), Clock.systemUTC()), cache);

        SubjectKeysUnavailableException e = assertThrows(SubjectKeysUnavailableException.class,
                () -> keys.keysFor(List.of(A, B)));
        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());

        LedgerSubjectKeys noToken = new LedgerSubjectKeys(List.of(LedgerSubjectKeys.endpoint("http://127.0.0.1:9")),
                new ServiceToken(() -> {
                    throw new IllegalStateException("Keycloak refused the client");
                }, Clock.systemUTC()), new KeyCache(Duration.ofSeconds(30), 100, System::nanoTime));
        SubjectKeysUnavailableException refused = assertThrows(SubjectKeysUnavailableException.class,
                () -> noToken.keysFor(List.of(B)));
        assertTrue(refused.getMessage().contains("no access token"), refused.getMessage());
    }
}
