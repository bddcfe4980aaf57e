package dev.exceptionledger.support;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private static final SecretKey A = key(1);
    private static final SecretKey B = key(2);

    @Test
    void answersWhatItHoldsAndListsTheRest() {
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), 100, now::get);
        Map<String, SecretKey> erased = new HashMap<>();
        erased.put("c", null);
        cache.put(Map.of("a", A), cache.now());
        cache.put(erased, cache.now());

        Map<String, SecretKey> found = new HashMap<>();
        List<String> missing = cache.collect(List.of("a", "b", "c"), found);

        assertEquals(List.of("b"), missing);
        assertSame(A, found.get("a"));
        assertTrue(found.containsKey("c"), "an erased subject is remembered as erased");
        assertNull(found.get("c"));
    }

    @Test
    void forgetsAKeyWhenItsTimeIsUp() {
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), 100, now::get);
        cache.put(Map.of("a", A), cache.now());
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        cache.put(Map.of("b", B), cache.now());

        now.addAndGet(Duration.ofSeconds(20).toNanos() - 1);
        assertEquals(List.of(), cache.collect(List.of("a", "b"), new HashMap<>()), "both still within 30 s");
        now.addAndGet(1);
        assertEquals(List.of("a"), cache.collect(List.of("a", "b"), new HashMap<>()), "a's 30 s are up");
        assertEquals(1, cache.size(), "an expired key is dropped, not kept");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(List.of("a", "b"), cache.collect(List.of("a", "b"), new HashMap<>()));
        assertEquals(0, cache.size());
    }

    @Test
    void aKeyPutAgainLivesFromThen() {
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), 100, now::get);
        cache.put(Map.of("a", A), cache.now());
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        cache.put(Map.of("b", B), cache.now());
        cache.put(Map.of("a", A), cache.now());
        now.addAndGet(Duration.ofSeconds(20).toNanos());

        assertEquals(List.of(), cache.collect(List.of("a", "b"), new HashMap<>()));
    }

    @Test
    void holdsAtMostItsSizeDroppingTheOldest() {
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), 2, now::get);
        cache.put(Map.of("a", A), cache.now());
        now.incrementAndGet();
        cache.put(Map.of("b", B), cache.now());
        now.incrementAndGet();
        cache.put(Map.of("c", A), cache.now());

        assertEquals(2, cache.size());
        assertEquals(List.of("a"), cache.collect(List.of("a", "b", "c"), new HashMap<>()));
    }

    @Test
    void forgetsErasedSubjectsAtOnce() {
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), 100, now::get);
        cache.put(Map.of("a", A, "b", B), cache.now());

        cache.forget(List.of("a", "z"));

        Map<String, SecretKey> found = new HashMap<>();
        assertEquals(List.of("a"), cache.collect(List.of("a", "b"), found));
        assertSame(B, found.get("b"));
    }

    @Test
    void doesNotRememberAKeyAskedForBeforeItsSubjectWasForgotten() {
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), 100, now::get);
        long askedAt = cache.now();
        now.incrementAndGet();
        cache.forget(List.of("a")); // erased while the call was under way: its answer may hold the old key
        now.incrementAndGet();
        cache.put(Map.of("a", A, "b", B), askedAt);

        assertEquals(List.of("a"), cache.collect(List.of("a", "b"), new HashMap<>()));
        cache.put(Map.of("a", A), cache.now());
        assertEquals(List.of(), cache.collect(List.of("a"), new HashMap<>()), "asked for after the forget");
    }

    @Test
    void aTimeToLiveOfZeroRemembersNothing() {
        KeyCache cache = new KeyCache(Duration.ZERO, 100, now::get);
        cache.put(Map.of("a", A), cache.now());
        assertEquals(List.of("a"), cache.collect(List.of("a"), new HashMap<>()));
        assertThrows(IllegalArgumentException.class, () -> new KeyCache(Duration.ofSeconds(-1), 100, now::get));
    }

    static SecretKey key(int fill) {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) fill);
        return new SecretKeySpec(secret, "AES");
    }
}
